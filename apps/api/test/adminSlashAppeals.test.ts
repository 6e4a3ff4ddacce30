import {
  adminActionDomain,
  adminActionParamsHash,
  adminActionPrimaryType,
  adminActionTypes,
  devAccount,
  farTokenAbi,
  nodeBondAbi,
  nodeBondKey,
} from '@far/contracts';
import { adminAuditLog } from '@far/db';
import { eq } from 'drizzle-orm';
import { type Address, type Hex, keccak256, parseAbi, parseEther, toBytes, zeroHash } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRoutes } from '../src/admin/adminRoutes.js';
import { grantOperatorRole } from '../src/admin/grantOperatorRole.js';
import { signAccessToken } from '../src/auth/accessToken.js';
import { createDbNonceStore } from '../src/auth/nonceStore.js';
import { upsertUser } from '../src/auth/upsertUser.js';
import { proposeSlash, type SlashClients } from '../src/bonds/proposeSlash.js';
import { createInMemoryNodeRegistry } from '../src/nodes/nodeRegistry.js';
import { type ChainTestbed, createChainTestbed } from './support/createChainTestbed.js';
import { createTestApp, TEST_JWT_SECRET } from './support/createTestApp.js';

const roleAbi = parseAbi([
  'function hasRole(bytes32 role, address account) view returns (bool)',
  'function grantRole(bytes32 role, address account)',
]);
const OPERATOR_ROLE = keccak256(toBytes('OPERATOR_ROLE'));
/** An unlocked dev account that holds no role anywhere by default. */
const OPERATOR_INDEX = 15;
const evidence = (label: string): Hex => keccak256(toBytes(`appeal:${label}`));

let bed: ChainTestbed;
let testApp: Awaited<ReturnType<typeof createTestApp>>;
let operator: Address;
let owner: Address;
let nodeBond: Address;
let headers: Record<string, string>;

beforeAll(async () => {
  bed = await createChainTestbed(undefined, { nodeBonds: true });
  testApp = await createTestApp({}, (db) => (root, { requireCaller }) => {
    root.route(
      '/',
      adminRoutes({
        db,
        requireCaller,
        nonces: createDbNonceStore(db),
        chainId: bed.deployments.chainId,
        registry: createInMemoryNodeRegistry(),
        chain: bed.publicClient,
        deployments: bed.deployments,
      }),
    );
  });
  const deployedBond = bed.deployments.contracts.nodeBond;
  if (!deployedBond) throw new Error('NodeBond not deployed');
  nodeBond = deployedBond;
  operator = devAccount(OPERATOR_INDEX).address;
  owner = bed.users[0] as Address;
  // NodeBond's admin (whichever dev account deployment made it) makes this wallet an operator on chain.
  let admin: Address | undefined;
  for (const account of bed.chain.accounts) {
    const isAdmin = await bed.publicClient.readContract({
      address: nodeBond,
      abi: roleAbi,
      functionName: 'hasRole',
      args: [zeroHash, account],
    });
    if (isAdmin) admin = account;
  }
  if (!admin) throw new Error('no unlocked account administers NodeBond');
  await bed.send(admin, {
    address: nodeBond,
    abi: roleAbi,
    functionName: 'grantRole',
    args: [OPERATOR_ROLE, operator],
  });

  const wallet = operator.toLowerCase() as `0x${string}`;
  const user = await upsertUser(testApp.db, wallet);
  await grantOperatorRole(testApp.db, { walletAddress: wallet, role: 'operator', grantedBy: 'system' });
  const { token } = await signAccessToken(TEST_JWT_SECRET, { userId: user.id, walletAddress: wallet });
  headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  // The owner bonds 1000 FAR for its node; the coordinator proposes two slashes from failed audits.
  await bed.send(owner, {
    address: bed.deployments.contracts.farToken,
    abi: farTokenAbi,
    functionName: 'approve',
    args: [nodeBond, parseEther('1000')],
  });
  await bed.send(owner, {
    address: nodeBond,
    abi: nodeBondAbi,
    functionName: 'bond',
    args: [nodeBondKey('appealing'), 0, parseEther('1000')],
  });
  const clients: SlashClients = {
    publicClient: bed.publicClient,
    walletClient: bed.coordinatorWallet,
    nodeBond,
  };
  for (const label of ['upheld', 'rejected', 'uncontested']) {
    const row = await proposeSlash(testApp.db, clients, {
      nodeId: 'appealing',
      owner,
      evidenceHash: evidence(label),
      amountWei: parseEther('100'),
      refunds: [],
    });
    expect(row.status).toBe('proposed');
  }
  for (const label of ['upheld', 'rejected']) {
    await bed.send(owner, {
      address: nodeBond,
      abi: nodeBondAbi,
      functionName: 'contestSlash',
      args: [evidence(label), 'the audit compared against the wrong model'],
    });
  }
});
afterAll(async () => {
  await testApp?.close();
});

const post = (path: string, body: unknown) =>
  testApp.app.request(path, { method: 'POST', headers, body: JSON.stringify(body) });

async function slashes(status?: string) {
  const response = await testApp.app.request(`/api/admin/slashes${status ? `?status=${status}` : ''}`, {
    headers,
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { slashes: { evidenceHash: string; state: string }[] }).slashes;
}

/** A fresh signature of an appeal decision by the operator's wallet. */
async function freshSignature(params: Record<string, string>, reason: string) {
  const nonceResponse = await testApp.app.request('/api/admin/signature-nonce', { headers });
  const { nonce } = (await nonceResponse.json()) as { nonce: string };
  const issuedAt = Math.floor(Date.now() / 1000);
  const signature = await devAccount(OPERATOR_INDEX).signTypedData({
    domain: adminActionDomain(bed.deployments.chainId),
    types: adminActionTypes,
    primaryType: adminActionPrimaryType,
    message: {
      action: 'nodeBond.decideAppeal',
      target: 'nodeBond',
      paramsHash: adminActionParamsHash(params),
      reason,
      nonce,
      issuedAt: BigInt(issuedAt),
    },
  });
  return { signature, nonce, issuedAt };
}

/** Asks for a decision, sends it from the operator's wallet and completes it; answers the audit id. */
async function decide(label: string, upheld: boolean, reason: string) {
  const params = { evidenceHash: evidence(label), upheld: String(upheld) };
  const intentResponse = await post('/api/admin/chain-actions', {
    action: 'nodeBond.decideAppeal',
    params,
    reason,
    fresh: await freshSignature(params, reason),
  });
  expect(intentResponse.status).toBe(201);
  const intent = (await intentResponse.json()) as {
    auditId: string;
    call: { to: Address; functionName: string; args: string[] };
  };
  expect(intent.call).toEqual({
    contract: 'nodeBond',
    to: nodeBond,
    functionName: 'decideAppeal',
    args: [evidence(label), String(upheld)],
  });
  const receipt = await bed.send(operator, {
    address: nodeBond,
    abi: nodeBondAbi,
    functionName: 'decideAppeal',
    args: [evidence(label), upheld],
  });
  const completed = await post(`/api/admin/chain-actions/${intent.auditId}/complete`, {
    txHash: receipt.transactionHash,
  });
  expect(completed.status).toBe(200);
  expect(await completed.json()).toMatchObject({ status: 'done' });
  return { auditId: BigInt(intent.auditId), txHash: receipt.transactionHash };
}

describe('slash appeals decided from the console (NodeBond on a real in-process chain)', () => {
  it('lists the proposals with NodeBond’s state, filtered', async () => {
    const all = await slashes();
    expect(all).toHaveLength(3);
    expect((await slashes('contested')).map((slash) => slash.evidenceHash).sort()).toEqual(
      [evidence('upheld'), evidence('rejected')].sort(),
    );
    const [pending] = await slashes('pending');
    expect(pending).toMatchObject({
      evidenceHash: evidence('uncontested'),
      nodeId: 'appealing',
      ownerAddress: owner.toLowerCase(),
      amountWei: parseEther('100').toString(),
      state: 'proposed',
    });
    expect(await slashes('executed')).toEqual([]);
  });

  it('upholds a contested slash from the operator wallet: one audit row, contested before, executed after', async () => {
    const reason = 'canary output did not match: cheating stands';
    const { auditId, txHash } = await decide('upheld', true, reason);
    const rows = await testApp.db.select().from(adminAuditLog).where(eq(adminAuditLog.id, auditId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'nodeBond.decideAppeal',
      actorWallet: operator.toLowerCase(),
      role: 'operator',
      target: 'nodeBond',
      reason,
      txHash,
      status: 'done',
      before: { state: { slash: { evidenceHash: evidence('upheld'), status: 'contested' } } },
      after: { slash: { evidenceHash: evidence('upheld'), status: 'executed' } },
    });
    expect(
      await testApp.db.select().from(adminAuditLog).where(eq(adminAuditLog.action, 'nodeBond.decideAppeal')),
    ).toHaveLength(1);
    expect((await slashes('executed')).map((slash) => slash.evidenceHash)).toEqual([evidence('upheld')]);
  });

  it('rejects a contested slash: dismissed on chain, the bond no longer held', async () => {
    await decide('rejected', false, 'the audit used the wrong reference model');
    expect((await slashes('dismissed')).map((slash) => slash.evidenceHash)).toEqual([evidence('rejected')]);
    const bond = await bed.publicClient.readContract({
      address: nodeBond,
      abi: nodeBondAbi,
      functionName: 'bondOf',
      args: [owner, nodeBondKey('appealing')],
    });
    // 100 FAR went to the upheld slash; only the uncontested one still holds 100 FAR.
    expect(bond).toMatchObject({ amount: parseEther('900'), pendingSlash: parseEther('100') });
  });

  it('refuses to decide a slash that is not contested, and writes no row', async () => {
    const before = await testApp.db.select().from(adminAuditLog);
    const params = { evidenceHash: evidence('uncontested'), upheld: 'true' };
    const reason = 'nothing to decide';
    const response = await post('/api/admin/chain-actions', {
      action: 'nodeBond.decideAppeal',
      params,
      reason,
      fresh: await freshSignature(params, reason),
    });
    expect(response.status).toBe(409);
    expect(await testApp.db.select().from(adminAuditLog)).toHaveLength(before.length);
  });
});
