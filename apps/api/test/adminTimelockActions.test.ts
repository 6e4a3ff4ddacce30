import {
  adminActionDomain,
  adminActionParamsHash,
  adminActionPrimaryType,
  adminActionTypes,
  type Deployments,
  devAccount,
  handOverRoles,
} from '@far/contracts';
import { adminAuditLog } from '@far/db';
import { eq } from 'drizzle-orm';
import { type Address, parseAbi } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRoutes } from '../src/admin/adminRoutes.js';
import { grantOperatorRole } from '../src/admin/grantOperatorRole.js';
import { signAccessToken } from '../src/auth/accessToken.js';
import { createDbNonceStore } from '../src/auth/nonceStore.js';
import { upsertUser } from '../src/auth/upsertUser.js';
import { createInMemoryNodeRegistry } from '../src/nodes/nodeRegistry.js';
import { type ChainTestbed, createChainTestbed } from './support/createChainTestbed.js';
import { createTestApp, TEST_JWT_SECRET } from './support/createTestApp.js';

const timelockAbi = parseAbi([
  'function schedule(address target, uint256 value, bytes data, bytes32 predecessor, bytes32 salt, uint256 delay)',
  'function execute(address target, uint256 value, bytes payload, bytes32 predecessor, bytes32 salt) payable',
  'function rewardRate() view returns (uint256)',
  'function setPrice(int256 answer)',
  'function latestRoundData() view returns (uint80, int256, uint256, uint256, uint80)',
]);
const TREASURER_INDEX = 12;
const DELAY = 60n;

let bed: ChainTestbed;
let deployments: Deployments;
let testApp: Awaited<ReturnType<typeof createTestApp>>;
let treasurer: Address;
let headers: Record<string, string>;

beforeAll(async () => {
  bed = await createChainTestbed();
  const account = (index: number) => devAccount(index).address;
  treasurer = account(TREASURER_INDEX);
  const { timelock } = await handOverRoles({
    walletClient: bed.coordinatorWallet as never,
    publicClient: bed.publicClient,
    contracts: bed.deployments.contracts,
    holders: {
      admin: account(10),
      operator: account(11),
      treasurer,
      priceKeeper: account(13),
      oracle: bed.coordinator,
    },
    timelockDelay: DELAY,
  });
  deployments = { ...bed.deployments, contracts: { ...bed.deployments.contracts, timelock } };
  testApp = await createTestApp({}, (db) => (root, { requireCaller }) => {
    root.route(
      '/',
      adminRoutes({
        db,
        requireCaller,
        nonces: createDbNonceStore(db),
        chainId: deployments.chainId,
        registry: createInMemoryNodeRegistry(),
        chain: bed.publicClient,
        deployments,
      }),
    );
  });
  const wallet = treasurer.toLowerCase() as `0x${string}`;
  const user = await upsertUser(testApp.db, wallet);
  await grantOperatorRole(testApp.db, { walletAddress: wallet, role: 'treasurer', grantedBy: 'system' });
  const { token } = await signAccessToken(TEST_JWT_SECRET, { userId: user.id, walletAddress: wallet });
  headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
});
afterAll(async () => {
  await testApp?.close();
});

const post = (path: string, body: unknown) =>
  testApp.app.request(path, { method: 'POST', headers, body: JSON.stringify(body) });

/** Signs `action` with the treasurer's wallet and asks the API for its call. */
async function intend(
  action: string,
  target: string,
  params: Record<string, string>,
  reason: string,
  as: { index: number; headers: Record<string, string> } = { index: TREASURER_INDEX, headers },
) {
  const { nonce } = (await (
    await testApp.app.request('/api/admin/signature-nonce', { headers: as.headers })
  ).json()) as {
    nonce: string;
  };
  const issuedAt = Math.floor(Date.now() / 1000);
  const signature = await devAccount(as.index).signTypedData({
    domain: adminActionDomain(deployments.chainId),
    types: adminActionTypes,
    primaryType: adminActionPrimaryType,
    message: {
      action,
      target,
      paramsHash: adminActionParamsHash(params),
      reason,
      nonce,
      issuedAt: BigInt(issuedAt),
    },
  });
  return testApp.app.request('/api/admin/chain-actions', {
    method: 'POST',
    headers: as.headers,
    body: JSON.stringify({ action, params, reason, fresh: { signature, nonce, issuedAt } }),
  });
}

type Intent = {
  auditId: string;
  call: { to: Address; functionName: 'schedule' | 'execute'; args: string[] };
};
const argsOf = (intent: Intent) => intent.call.args.map((arg) => (/^\d+$/.test(arg) ? BigInt(arg) : arg));

describe('a timelocked treasurer action from the console', () => {
  it('schedules a reward rate, refuses to execute it before the delay, executes it after; one audit row each', async () => {
    const reason = 'lower the base APY to 2.5 %';
    const scheduled = await intend('staking.setRewardRate', 'farStaking', { rateBps: '250' }, reason);
    expect(scheduled.status).toBe(201);
    const schedule = (await scheduled.json()) as Intent;
    expect(schedule.call).toMatchObject({ to: deployments.contracts.timelock, functionName: 'schedule' });
    const sent = await bed.send(treasurer, {
      address: schedule.call.to,
      abi: timelockAbi,
      functionName: 'schedule',
      args: argsOf(schedule),
    });
    const completed = await post(`/api/admin/chain-actions/${schedule.auditId}/complete`, {
      txHash: sent.transactionHash,
    });
    expect(await completed.json()).toMatchObject({ status: 'done' });

    const chain = (await (await testApp.app.request('/api/admin/chain', { headers })).json()) as {
      timelock: {
        operations: Array<{ operationId: string; state: string; eta: string | null; call: string }>;
      };
    };
    const [operation] = chain.timelock.operations;
    expect(operation).toMatchObject({ state: 'waiting', call: 'setRewardRate(250)' });
    expect(operation?.eta).not.toBeNull();

    const early = await intend(
      'timelock.execute',
      'timelock',
      { operationId: operation?.operationId ?? '' },
      'apply it',
    );
    expect(early.status).toBe(409);

    await bed.chain.increaseTime(DELAY + 1n);
    const ready = await intend(
      'timelock.execute',
      'timelock',
      { operationId: operation?.operationId ?? '' },
      'apply it',
    );
    expect(ready.status).toBe(201);
    const execute = (await ready.json()) as Intent;
    const executed = await bed.send(treasurer, {
      address: execute.call.to,
      abi: timelockAbi,
      functionName: 'execute',
      args: argsOf(execute),
    });
    const done = await post(`/api/admin/chain-actions/${execute.auditId}/complete`, {
      txHash: executed.transactionHash,
    });
    expect(await done.json()).toMatchObject({ status: 'done' });
    expect(
      await bed.publicClient.readContract({
        address: deployments.contracts.farStaking,
        abi: timelockAbi,
        functionName: 'rewardRate',
      }),
    ).toBe(250n);

    const rows = await testApp.db.select().from(adminAuditLog);
    expect(rows.map((row) => row.action).sort()).toEqual(['staking.setRewardRate', 'timelock.execute']);
    const executeRow = rows.find((row) => row.action === 'timelock.execute');
    expect(executeRow?.after).toMatchObject({ staking: { rewardRateBps: '250' } });
    const [scheduleRow] = await testApp.db
      .select()
      .from(adminAuditLog)
      .where(eq(adminAuditLog.action, 'staking.setRewardRate'));
    expect(scheduleRow).toMatchObject({ target: 'farStaking', reason, status: 'done' });
  });
});

describe('the price keeper from the console', () => {
  it('refuses a price outside the bounds or too far from the last one before it is sent, and sets one within them', async () => {
    const keeper = devAccount(13).address.toLowerCase() as `0x${string}`;
    const user = await upsertUser(testApp.db, keeper);
    await grantOperatorRole(testApp.db, { walletAddress: keeper, role: 'priceKeeper', grantedBy: 'system' });
    const { token } = await signAccessToken(TEST_JWT_SECRET, { userId: user.id, walletAddress: keeper });
    const as = {
      index: 13,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    };
    const feed = deployments.contracts.priceFeed;
    const [, last] = await bed.publicClient.readContract({
      address: feed,
      abi: timelockAbi,
      functionName: 'latestRoundData',
    });

    const outOfBounds = await intend(
      'priceFeed.setPrice',
      'priceFeed',
      { answer: (10n ** 15n).toString() },
      'typo',
      as,
    );
    expect(outOfBounds.status).toBe(422);
    const tooFar = await intend(
      'priceFeed.setPrice',
      'priceFeed',
      { answer: (last * 3n).toString() },
      'spike',
      as,
    );
    expect(tooFar.status).toBe(422);
    const rowsBefore = await testApp.db
      .select()
      .from(adminAuditLog)
      .where(eq(adminAuditLog.action, 'priceFeed.setPrice'));
    expect(rowsBefore).toEqual([]);

    const next = (last * 11n) / 10n;
    const accepted = await intend(
      'priceFeed.setPrice',
      'priceFeed',
      { answer: next.toString() },
      'market moved 10 %',
      as,
    );
    expect(accepted.status).toBe(201);
    const intent = (await accepted.json()) as { auditId: string; call: { to: Address } };
    const sent = await bed.send(devAccount(13).address, {
      address: intent.call.to,
      abi: timelockAbi,
      functionName: 'setPrice',
      args: [next],
    });
    const done = await testApp.app.request(`/api/admin/chain-actions/${intent.auditId}/complete`, {
      method: 'POST',
      headers: as.headers,
      body: JSON.stringify({ txHash: sent.transactionHash }),
    });
    expect(await done.json()).toMatchObject({ status: 'done' });
    const [row] = await testApp.db
      .select()
      .from(adminAuditLog)
      .where(eq(adminAuditLog.action, 'priceFeed.setPrice'));
    expect(row).toMatchObject({
      before: { state: { priceFeed: { answer: last.toString() } } },
      after: { priceFeed: { answer: next.toString() } },
    });
  });
});
