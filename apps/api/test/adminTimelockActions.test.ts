import { type Deployments, devAccount, handOverRoles } from '@far/contracts';
import { adminAuditLog } from '@far/db';
import { eq } from 'drizzle-orm';
import { type Address, parseAbi } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChainTestbed, createChainTestbed } from './support/createChainTestbed.js';
import {
  type ConsoleOperator,
  type ConsoleTestbed,
  createConsoleTestbed,
} from './support/createConsoleTestbed.js';

const timelockAbi = parseAbi([
  'function schedule(address target, uint256 value, bytes data, bytes32 predecessor, bytes32 salt, uint256 delay)',
  'function execute(address target, uint256 value, bytes payload, bytes32 predecessor, bytes32 salt) payable',
  'function cancel(bytes32 id)',
  'function rewardRate() view returns (uint256)',
  'function setPrice(int256 answer)',
  'function latestRoundData() view returns (uint80, int256, uint256, uint256, uint80)',
]);
const TREASURER_INDEX = 12;
const DELAY = 60n;

let bed: ChainTestbed;
let deployments: Deployments;
let consoleBed: ConsoleTestbed;
let treasurer: ConsoleOperator;

beforeAll(async () => {
  bed = await createChainTestbed();
  const account = (index: number) => devAccount(index).address;
  const { timelock } = await handOverRoles({
    walletClient: bed.coordinatorWallet as never,
    publicClient: bed.publicClient,
    contracts: bed.deployments.contracts,
    holders: {
      admin: account(10),
      operator: account(11),
      treasurer: account(TREASURER_INDEX),
      priceKeeper: account(13),
      oracle: bed.coordinator,
    },
    timelockDelay: DELAY,
  });
  deployments = { ...bed.deployments, contracts: { ...bed.deployments.contracts, timelock } };
  consoleBed = await createConsoleTestbed({ chain: bed.publicClient, deployments });
  treasurer = await consoleBed.signInAs(TREASURER_INDEX, 'treasurer');
});
afterAll(async () => {
  await consoleBed?.close();
});

const post = (path: string, body: unknown) => consoleBed.post(treasurer, path, body);

/** Signs `action` with `as`'s wallet (the treasurer's by default) and asks the API for its call. */
async function intend(
  action: string,
  target: string,
  params: Record<string, string>,
  reason: string,
  as: ConsoleOperator = treasurer,
) {
  const fresh = await consoleBed.freshSignature(as, action, target, params, reason);
  return consoleBed.post(as, '/api/admin/chain-actions', { action, params, reason, fresh });
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
    const sent = await bed.send(treasurer.address, {
      address: schedule.call.to,
      abi: timelockAbi,
      functionName: 'schedule',
      args: argsOf(schedule),
    });
    const completed = await post(`/api/admin/chain-actions/${schedule.auditId}/complete`, {
      txHash: sent.transactionHash,
    });
    expect(await completed.json()).toMatchObject({ status: 'done' });

    const chain = (await (
      await consoleBed.testApp.app.request('/api/admin/chain', { headers: treasurer.headers })
    ).json()) as {
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
    const executed = await bed.send(treasurer.address, {
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

    const rows = await consoleBed.testApp.db.select().from(adminAuditLog);
    expect(rows.map((row) => row.action).sort()).toEqual(['staking.setRewardRate', 'timelock.execute']);
    const executeRow = rows.find((row) => row.action === 'timelock.execute');
    expect(executeRow?.after).toMatchObject({ staking: { rewardRateBps: '250' } });
    const [scheduleRow] = await consoleBed.testApp.db
      .select()
      .from(adminAuditLog)
      .where(eq(adminAuditLog.action, 'staking.setRewardRate'));
    expect(scheduleRow).toMatchObject({ target: 'farStaking', reason, status: 'done' });
  });
});

describe('cancelling a timelocked operation from the console', () => {
  it('cancels a waiting operation with a fresh signature, after which it can be neither executed nor cancelled again', async () => {
    const reason = 'wrong rate';
    const scheduled = (await (
      await intend('staking.setRewardRate', 'farStaking', { rateBps: '9000' }, reason)
    ).json()) as Intent;
    const sent = await bed.send(treasurer.address, {
      address: scheduled.call.to,
      abi: timelockAbi,
      functionName: 'schedule',
      args: argsOf(scheduled),
    });
    await post(`/api/admin/chain-actions/${scheduled.auditId}/complete`, { txHash: sent.transactionHash });
    const operations = async () =>
      (
        (await (
          await consoleBed.testApp.app.request('/api/admin/chain', { headers: treasurer.headers })
        ).json()) as { timelock: { operations: Array<{ operationId: string; state: string; call: string }> } }
      ).timelock.operations;
    const operation = (await operations()).find((candidate) => candidate.call === 'setRewardRate(9000)');
    expect(operation?.state).toBe('waiting');
    const operationId = operation?.operationId ?? '';

    const cancelReason = 'scheduled 9000 bps by mistake';
    const intent = await intend('timelock.cancel', 'timelock', { operationId }, cancelReason);
    expect(intent.status).toBe(201);
    const cancel = (await intent.json()) as Intent & { call: { functionName: string } };
    expect(cancel.call).toMatchObject({
      to: deployments.contracts.timelock,
      functionName: 'cancel',
      args: [operationId],
    });
    const cancelled = await bed.send(treasurer.address, {
      address: cancel.call.to,
      abi: timelockAbi,
      functionName: 'cancel',
      args: [operationId],
    });
    const done = await post(`/api/admin/chain-actions/${cancel.auditId}/complete`, {
      txHash: cancelled.transactionHash,
    });
    expect(await done.json()).toMatchObject({ status: 'done' });
    expect((await operations()).find((candidate) => candidate.operationId === operationId)?.state).toBe(
      'cancelled',
    );

    await bed.chain.increaseTime(DELAY + 1n);
    expect((await intend('timelock.execute', 'timelock', { operationId }, 'apply it')).status).toBe(409);
    expect((await intend('timelock.cancel', 'timelock', { operationId }, 'cancel it again')).status).toBe(
      409,
    );
    const [row] = await consoleBed.testApp.db
      .select()
      .from(adminAuditLog)
      .where(eq(adminAuditLog.action, 'timelock.cancel'));
    expect(row).toMatchObject({
      target: 'timelock',
      reason: cancelReason,
      status: 'done',
      actorWallet: treasurer.address.toLowerCase(),
      txHash: cancelled.transactionHash,
    });
  });

  it('refuses to cancel an operation the console did not schedule', async () => {
    const response = await intend(
      'timelock.cancel',
      'timelock',
      { operationId: `0x${'ab'.repeat(32)}` },
      'not ours',
    );
    expect(response.status).toBe(404);
  });
});

describe('the price keeper from the console', () => {
  it('refuses a price outside the bounds or too far from the last one before it is sent, and sets one within them', async () => {
    const as = await consoleBed.signInAs(13, 'priceKeeper');
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
    const rowsBefore = await consoleBed.testApp.db
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
    const done = await consoleBed.post(as, `/api/admin/chain-actions/${intent.auditId}/complete`, {
      txHash: sent.transactionHash,
    });
    expect(await done.json()).toMatchObject({ status: 'done' });
    const [row] = await consoleBed.testApp.db
      .select()
      .from(adminAuditLog)
      .where(eq(adminAuditLog.action, 'priceFeed.setPrice'));
    expect(row).toMatchObject({
      before: { state: { priceFeed: { answer: last.toString() } } },
      after: { priceFeed: { answer: next.toString() } },
    });
  });
});
