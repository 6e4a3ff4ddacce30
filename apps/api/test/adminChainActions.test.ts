import { adminAuditLog } from '@far/db';
import { eq } from 'drizzle-orm';
import { type Address, keccak256, parseAbi, toBytes, zeroHash } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChainTestbed, createChainTestbed } from './support/createChainTestbed.js';
import {
  type ConsoleOperator,
  type ConsoleTestbed,
  createConsoleTestbed,
} from './support/createConsoleTestbed.js';

const roleAbi = parseAbi([
  'function hasRole(bytes32 role, address account) view returns (bool)',
  'function grantRole(bytes32 role, address account)',
  'function pause()',
  'function unpause()',
  'function paused() view returns (bool)',
]);
const OPERATOR_ROLE = keccak256(toBytes('OPERATOR_ROLE'));
/** An unlocked dev account that holds no role anywhere by default. */
const OPERATOR_INDEX = 15;

let bed: ChainTestbed;
let consoleBed: ConsoleTestbed;
let operator: ConsoleOperator;

beforeAll(async () => {
  bed = await createChainTestbed();
  consoleBed = await createConsoleTestbed({ chain: bed.publicClient, deployments: bed.deployments });
  operator = await consoleBed.signInAs(OPERATOR_INDEX, 'operator');
  // The contract's admin (whichever dev account deployment made it) makes this wallet an operator on chain.
  const staking = bed.deployments.contracts.farStaking;
  const admins: Address[] = [];
  for (const account of bed.chain.accounts) {
    if (
      await bed.publicClient.readContract({
        address: staking,
        abi: roleAbi,
        functionName: 'hasRole',
        args: [zeroHash, account],
      })
    )
      admins.push(account);
  }
  const [admin] = admins;
  if (!admin) throw new Error('no unlocked account administers FARStaking');
  await bed.send(admin, {
    address: staking,
    abi: roleAbi,
    functionName: 'grantRole',
    args: [OPERATOR_ROLE, operator.address],
  });
});
afterAll(async () => {
  await consoleBed?.close();
});

const post = (path: string, body: unknown) => consoleBed.post(operator, path, body);

/** A fresh signature of `action` on `target` (no parameters) by the operator's wallet. */
const freshSignature = (action: string, target: string, reason: string) =>
  consoleBed.freshSignature(operator, action, target, {}, reason);

describe('console chain actions from the operator wallet', () => {
  it('pauses FARStaking: intent with a fresh signature, the wallet sends, the API verifies and completes one row', async () => {
    const reason = 'incident: reward accounting under review';
    const fresh = await freshSignature('contract.pause', 'farStaking', reason);
    const intentResponse = await post('/api/admin/chain-actions', {
      action: 'contract.pause',
      contract: 'farStaking',
      params: {},
      reason,
      fresh,
    });
    expect(intentResponse.status).toBe(201);
    const intent = (await intentResponse.json()) as {
      auditId: string;
      call: { to: Address; functionName: string };
    };
    expect(intent.call).toMatchObject({ to: bed.deployments.contracts.farStaking, functionName: 'pause' });

    // The same signature is good once.
    const replay = await post('/api/admin/chain-actions', {
      action: 'contract.pause',
      contract: 'farStaking',
      params: {},
      reason,
      fresh,
    });
    expect(replay.status).toBe(401);

    const receipt = await bed.send(operator.address, {
      address: intent.call.to,
      abi: roleAbi,
      functionName: 'pause',
    });
    const completed = await post(`/api/admin/chain-actions/${intent.auditId}/complete`, {
      txHash: receipt.transactionHash,
    });
    expect(completed.status).toBe(200);
    expect(await completed.json()).toMatchObject({ status: 'done' });

    const rows = await consoleBed.testApp.db
      .select()
      .from(adminAuditLog)
      .where(eq(adminAuditLog.action, 'contract.pause'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorWallet: operator.address.toLowerCase(),
      role: 'operator',
      target: 'farStaking',
      reason,
      signature: fresh.signature,
      txHash: receipt.transactionHash,
      status: 'done',
      before: { state: { paused: { farStaking: false } } },
      after: { paused: { farStaking: true } },
    });
    // Completed once: reporting again is refused.
    const again = await post(`/api/admin/chain-actions/${intent.auditId}/complete`, {
      txHash: receipt.transactionHash,
    });
    expect(again.status).toBe(409);
  });

  it('refuses to complete an action with a transaction that is not its call', async () => {
    const reason = 'incident over';
    const fresh = await freshSignature('contract.unpause', 'farStaking', reason);
    const intent = (await (
      await post('/api/admin/chain-actions', {
        action: 'contract.unpause',
        contract: 'farStaking',
        params: {},
        reason,
        fresh,
      })
    ).json()) as { auditId: string };
    // A transaction of something else (a FAR transfer) does not complete it.
    const unrelated = await bed.send(bed.coordinator, {
      address: bed.deployments.contracts.farToken,
      abi: parseAbi(['function transfer(address to, uint256 amount) returns (bool)']),
      functionName: 'transfer',
      args: [operator.address, 1n],
    });
    const refused = await post(`/api/admin/chain-actions/${intent.auditId}/complete`, {
      txHash: unrelated.transactionHash,
    });
    expect(refused.status).toBe(409);
    const unpause = await bed.send(operator.address, {
      address: bed.deployments.contracts.farStaking,
      abi: roleAbi,
      functionName: 'unpause',
    });
    const done = await post(`/api/admin/chain-actions/${intent.auditId}/complete`, {
      txHash: unpause.transactionHash,
    });
    expect(await done.json()).toMatchObject({ status: 'done' });
    expect(
      await bed.publicClient.readContract({
        address: bed.deployments.contracts.farStaking,
        abi: roleAbi,
        functionName: 'paused',
      }),
    ).toBe(false);
  });

  it('refuses an action from a wallet without the role it needs (a treasurer action asked by an operator)', async () => {
    const fresh = await freshSignature('staking.setRewardRate', 'farStaking', 'lower the rate');
    const response = await post('/api/admin/chain-actions', {
      action: 'staking.setRewardRate',
      params: { rateBps: '50' },
      reason: 'lower the rate',
      fresh,
    });
    expect(response.status).toBe(403);
  });
});
