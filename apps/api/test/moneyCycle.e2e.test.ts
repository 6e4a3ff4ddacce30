import { farStakingAbi, farTokenAbi, inferencePaymentAbi } from '@far/contracts';
import {
  gpuNodes,
  inferenceTasks,
  ledgerAccounts,
  revenueStreams,
  settlementBatches,
  stakingRecords,
  users,
} from '@far/db';
import { eq } from 'drizzle-orm';
import OpenAI from 'openai';
import { type Address, parseEther, parseEventLogs } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLedger } from '../src/ledger/auditLedger.js';
import { getAccountBalance } from '../src/ledger/getAccountBalance.js';
import { getBalances } from '../src/ledger/getBalances.js';
import type { SettleOnceResult } from '../src/settlement/createSettlementBatcher.js';
import { ensureDemoModel, startTestNetwork } from './support/startTestNetwork.js';

/**
 * Issue 3's "done when", end to end with real transactions only: a staker stakes FAR, a user
 * deposits and signs a spending authorization, a real far-node serves completions through the
 * official openai client, the settlement batcher moves the period's charges on chain in one
 * batch, the node owner withdraws its credit, and after the revenue stream has vested the staker
 * claims. At every step the FAR token balances on chain are compared with the ledger to the wei.
 *
 * The steps depend on each other (one network, one money flow), so they run in order in one file.
 */
let net: Awaited<ReturnType<typeof startTestNetwork>>;
let user: Address;
let nodeOwner: Address;
let staker: Address;
let userId: string;
let apiKey: string;
const deposit = parseEther('1000');
const stakeAmount = parseEther('2500');
/** Lock tier 1 (30 days, 1.1x): the effective balance differs from the stake, as in real use. */
const stakeTier = 1;

/** What the ledger charged, summed over the completed tasks. */
const charged = { cost: 0n, node: 0n, stakers: 0n, treasury: 0n, tasks: 0 };
let nodeRowId: string;
let settlement: SettleOnceResult;

beforeAll(async () => {
  await ensureDemoModel();
  net = await startTestNetwork({ settlement: true });
  // The test decides when a batch is cut: the periodic timer (which already ran once, idle, at
  // start) must not settle the charges between the ledger checks and `settleOnce`.
  await net.api.batcher?.stop();
  [user, nodeOwner, staker] = net.bed.users as [Address, Address, Address];
  net.startNode(nodeOwner);
  ({ apiKey, userId } = await net.apiKeyFor(user));
}, 240_000);

afterAll(() => net?.close());

const contracts = () => net.bed.deployments.contracts;
const readPayment = <T>(functionName: string, args: unknown[] = []) =>
  net.bed.publicClient.readContract({
    address: contracts().inferencePayment,
    abi: inferencePaymentAbi,
    functionName,
    args,
  } as never) as Promise<T>;
const readStaking = <T>(functionName: string, args: unknown[] = []) =>
  net.bed.publicClient.readContract({
    address: contracts().farStaking,
    abi: farStakingAbi,
    functionName,
    args,
  } as never) as Promise<T>;
const farBalanceOf = (holder: Address) =>
  net.bed.publicClient.readContract({
    address: contracts().farToken,
    abi: farTokenAbi,
    functionName: 'balanceOf',
    args: [holder],
  });
const ledger = (kind: 'stakers_pool' | 'treasury' | 'chain_deposits') =>
  getAccountBalance(net.api.db, { kind });
const nodeEarnings = () => getAccountBalance(net.api.db, { kind: 'node_earnings', nodeId: nodeRowId });
const syncIndexer = async () => {
  const indexer = net.api.indexer;
  if (indexer === undefined) throw new Error('the API started without an indexer');
  return indexer.syncOnce();
};

/**
 * The FAR InferencePayment holds must be exactly what the ledger says is still inside it: the
 * users' escrow (available + reserved), the nodes' unwithdrawn earnings and the treasury. The
 * stakers' share has left it for FARStaking.
 */
async function expectPaymentContractMatchesLedger() {
  const held = await farBalanceOf(contracts().inferencePayment);
  const { available, reserved } = await getBalances(net.api.db, userId);
  const allNodeEarnings = (
    await net.api.db
      .select({ balanceWei: ledgerAccounts.balanceWei })
      .from(ledgerAccounts)
      .where(eq(ledgerAccounts.kind, 'node_earnings'))
  ).reduce((sum, row) => sum + row.balanceWei, 0n);
  expect(held).toBe(available + reserved + allNodeEarnings + (await ledger('treasury')));
  const audit = await auditLedger(net.api.db);
  expect(audit).toMatchObject({ ok: true, entriesTotal: 0n });
}

describe('the money cycle: deposit → inference charge → batch settlement → node withdraw → staker claim', () => {
  it('a staker stakes FAR before any revenue, and the indexer records the position', async () => {
    await net.bed.send(staker, {
      address: contracts().farToken,
      abi: farTokenAbi,
      functionName: 'approve',
      args: [contracts().farStaking, stakeAmount],
    });
    await net.bed.send(staker, {
      address: contracts().farStaking,
      abi: farStakingAbi,
      functionName: 'stake',
      args: [stakeAmount, stakeTier],
    });
    expect(await readStaking<bigint>('totalRewardsFunded')).toBe(0n);
    await syncIndexer();
    const records = await net.api.db.select().from(stakingRecords);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ amountWei: stakeAmount, lockTier: stakeTier, status: 'active' });
  });

  it('the user deposits and authorizes; the ledger credits exactly the deposit', async () => {
    const before = await farBalanceOf(user);
    await net.fund(user, apiKey, deposit);
    expect(await farBalanceOf(user)).toBe(before - deposit);
    expect(await readPayment<bigint>('userBalances', [user])).toBe(deposit);
    expect(await getBalances(net.api.db, userId)).toEqual({ available: deposit, reserved: 0n });
    expect(await ledger('chain_deposits')).toBe(-deposit);
    await expectPaymentContractMatchesLedger();
  });

  it('a real far-node serves completions and the ledger splits each charge exactly', async () => {
    await net.waitForNodes('far-demo');
    const client = new OpenAI({ baseURL: `${net.api.url}/v1`, apiKey, maxRetries: 0 });
    const ask = [{ role: 'user' as const, content: 'Tell me about the river and the town.' }];
    const reported: bigint[] = [];
    const costOf = (response: unknown) =>
      BigInt((response as { far: { cost_far_wei: string } }).far.cost_far_wei);

    reported.push(
      costOf(await client.chat.completions.create({ model: 'far-demo', messages: ask, max_tokens: 12 })),
    );
    const stream = await client.chat.completions.create({
      model: 'far-demo',
      messages: ask,
      max_tokens: 12,
      stream: true,
    });
    let streamedCost: bigint | undefined;
    for await (const chunk of stream) {
      const far = (chunk as unknown as { far?: { cost_far_wei: string } }).far;
      if (far) streamedCost = BigInt(far.cost_far_wei);
    }
    if (streamedCost === undefined) throw new Error('the stream carried no FAR cost chunk');
    reported.push(streamedCost);
    reported.push(
      costOf(await client.completions.create({ model: 'far-demo', prompt: 'The river', max_tokens: 8 })),
    );

    const tasks = await net.api.db.select().from(inferenceTasks).where(eq(inferenceTasks.userId, userId));
    expect(tasks).toHaveLength(3);
    for (const task of tasks) {
      expect(task.status).toBe('completed');
      const split = (task.nodeShareWei ?? 0n) + (task.stakersShareWei ?? 0n) + (task.treasuryShareWei ?? 0n);
      expect(split).toBe(task.costFarWei);
      charged.cost += task.costFarWei ?? 0n;
      charged.node += task.nodeShareWei ?? 0n;
      charged.stakers += task.stakersShareWei ?? 0n;
      charged.treasury += task.treasuryShareWei ?? 0n;
      charged.tasks++;
    }
    // What the client was told it paid is what the ledger charged.
    expect(reported.reduce((a, b) => a + b, 0n)).toBe(charged.cost);
    expect(charged.cost).toBeGreaterThan(0n);
    expect(charged.stakers).toBeGreaterThan(0n);

    const [node] = await net.api.db
      .select()
      .from(gpuNodes)
      .where(eq(gpuNodes.ownerAddress, nodeOwner.toLowerCase()));
    if (node === undefined) throw new Error('the far-node has no gpu_nodes row');
    nodeRowId = node.id;
    expect(new Set(tasks.map((t) => t.nodeId))).toEqual(new Set([nodeRowId]));

    expect(await getBalances(net.api.db, userId)).toEqual({
      available: deposit - charged.cost,
      reserved: 0n,
    });
    expect(await nodeEarnings()).toBe(charged.node);
    expect(await ledger('stakers_pool')).toBe(charged.stakers);
    expect(await ledger('treasury')).toBe(charged.treasury);
    // Nothing has moved on chain yet: the escrow still holds the whole deposit.
    expect(await readPayment<bigint>('userBalances', [user])).toBe(deposit);
    expect((await auditLedger(net.api.db)).ok).toBe(true);
  });

  it('one settlement batch moves exactly the charged sum on chain, and the indexer confirms it', async () => {
    const batcher = net.api.batcher;
    if (batcher === undefined) throw new Error('the API started without a settlement batcher');
    const stakingHeldBefore = await farBalanceOf(contracts().farStaking);
    settlement = await batcher.settleOnce();
    expect(settlement).toMatchObject({
      status: 'settled',
      charges: charged.tasks,
      totalWei: charged.cost,
      deferred: [],
    });
    const txHash = settlement.txHash;
    if (txHash === undefined) throw new Error('settled without a transaction hash');

    expect(await readPayment<bigint>('userBalances', [user])).toBe(deposit - charged.cost);
    const [credit] = await readPayment<readonly [bigint, bigint, number, number, boolean]>('nodes', [
      nodeOwner,
    ]);
    expect(credit).toBe(charged.node);
    expect(await readPayment<bigint>('treasuryBalance')).toBe(charged.treasury);
    expect(await readPayment<bigint>('pendingStakerRevenue')).toBe(0n);

    // The batch handed the stakers' share to FARStaking in the same transaction.
    const receipt = await net.bed.publicClient.getTransactionReceipt({ hash: txHash });
    const [settled] = parseEventLogs({
      abi: inferencePaymentAbi,
      logs: receipt.logs,
      eventName: 'BatchSettled',
    });
    expect(settled?.args).toMatchObject({
      batchId: settlement.batchNumber,
      totalDebited: charged.cost,
      nodesCredited: charged.node,
      stakersShare: charged.stakers,
      treasuryShare: charged.treasury,
    });
    const notified = parseEventLogs({ abi: farStakingAbi, logs: receipt.logs, eventName: 'RevenueNotified' });
    expect(notified).toHaveLength(1);
    expect(notified[0]?.args).toMatchObject({
      notifier: contracts().inferencePayment,
      amount: charged.stakers,
      pendingRevenue: charged.stakers,
    });
    expect(await farBalanceOf(contracts().farStaking)).toBe(stakingHeldBefore + charged.stakers);
    expect(await readStaking<bigint>('totalRewardsFunded')).toBe(charged.stakers);

    await syncIndexer();
    const [batch] = await net.api.db
      .select()
      .from(settlementBatches)
      .where(eq(settlementBatches.batchNumber, settlement.batchNumber ?? -1n));
    expect(batch).toMatchObject({ status: 'confirmed', txHash, totalWei: charged.cost });
    // Settling moves FAR on chain only; the ledger's accounts already held the split.
    expect(await nodeEarnings()).toBe(charged.node);
    await expectPaymentContractMatchesLedger();
  });

  it('the node owner withdraws its credit: FAR arrives to the wei and the ledger earnings go to 0', async () => {
    const [credit] = await readPayment<readonly [bigint, bigint, number, number, boolean]>('nodes', [
      nodeOwner,
    ]);
    const before = await farBalanceOf(nodeOwner);
    await net.bed.send(nodeOwner, {
      address: contracts().inferencePayment,
      abi: inferencePaymentAbi,
      functionName: 'withdrawEarnings',
      args: [credit],
    });
    // Gas is paid in the native coin, so the FAR balance moves by exactly the credit.
    expect(await farBalanceOf(nodeOwner)).toBe(before + credit);
    expect((await readPayment<readonly [bigint]>('nodes', [nodeOwner]))[0]).toBe(0n);

    await syncIndexer();
    expect(await nodeEarnings()).toBe(0n);
    expect(await ledger('chain_deposits')).toBe(-deposit + charged.node);
    await expectPaymentContractMatchesLedger();
  });

  it('anyone triggers the treasury withdrawal: the treasury receives its share to the wei and the ledger follows', async () => {
    const treasury = net.bed.deployments.treasury as Address;
    const before = await farBalanceOf(treasury);
    await net.bed.send(nodeOwner, {
      address: contracts().inferencePayment,
      abi: inferencePaymentAbi,
      functionName: 'withdrawTreasury',
      args: [],
    });
    expect(await farBalanceOf(treasury)).toBe(before + charged.treasury);
    expect(await readPayment<bigint>('treasuryBalance')).toBe(0n);

    await syncIndexer();
    expect(await ledger('treasury')).toBe(0n);
    expect(await ledger('chain_deposits')).toBe(-deposit + charged.node + charged.treasury);
    // Replaying the same blocks changes nothing.
    await syncIndexer();
    expect(await ledger('treasury')).toBe(0n);
    await expectPaymentContractMatchesLedger();
  });

  it('after the revenue period the staker claims the streamed stakers’ share, exactly as the contract accrues it', async () => {
    // deployContracts funds no base-APY reserve, so revenue is the only reward: if that changes,
    // the expectation below must add the base accrual.
    expect(await readStaking<bigint>('rewardReserve')).toBe(0n);
    const [effective] = await readStaking<readonly [bigint, bigint, bigint]>('accounts', [staker]);
    expect(effective).toBe((stakeAmount * 11_000n) / 10_000n);
    const duration = await readStaking<bigint>('revenueDuration');

    // Halfway through, only part has vested.
    await net.bed.chain.increaseTime(duration / 2n);
    const halfway = await readStaking<bigint>('calculateRewards', [staker]);
    expect(halfway).toBeGreaterThan(0n);
    expect(halfway).toBeLessThan(charged.stakers);

    await net.bed.chain.increaseTime(duration);
    // The sole staker gets all of it in one accrual step after the stream ended: the accumulator
    // floors share × 1e18 / effective, the payout floors effective × accumulator / 1e18, so at most
    // ceil(effective / 1e18) wei stay in the contract as rounding dust.
    const precision = 10n ** 18n;
    const expected = (effective * ((charged.stakers * precision) / effective)) / precision;
    expect(expected).toBeLessThanOrEqual(charged.stakers);
    expect(charged.stakers - expected).toBeLessThanOrEqual(effective / precision + 1n);
    expect(await readStaking<bigint>('calculateRewards', [staker])).toBe(expected);

    const before = await farBalanceOf(staker);
    const receipt = await net.bed.send(staker, {
      address: contracts().farStaking,
      abi: farStakingAbi,
      functionName: 'claimRewards',
      args: [],
    });
    expect(await farBalanceOf(staker)).toBe(before + expected);
    const [claimed] = parseEventLogs({ abi: farStakingAbi, logs: receipt.logs, eventName: 'RewardsClaimed' });
    expect(claimed?.args).toMatchObject({ user: staker, amount: expected });
    expect(await readStaking<bigint>('totalRewardsPaid')).toBe(expected);
    // FARStaking holds the stake plus what is funded and not yet paid (the dust), nothing else.
    expect(await farBalanceOf(contracts().farStaking)).toBe(stakeAmount + charged.stakers - expected);

    await syncIndexer();
    const [stakerRow] = await net.api.db
      .select()
      .from(users)
      .where(eq(users.walletAddress, staker.toLowerCase()));
    const streams = await net.api.db
      .select()
      .from(revenueStreams)
      .where(eq(revenueStreams.userId, stakerRow?.id ?? ''));
    expect(streams).toEqual([
      expect.objectContaining({
        streamType: 'staking_rewards',
        amountFarWei: expected,
        transactionHash: receipt.transactionHash,
      }),
    ]);
    // The ledger's stakers pool is what was handed to FARStaking; claims happen on chain only.
    expect(await ledger('stakers_pool')).toBe(charged.stakers);
    expect(await readStaking<bigint>('totalRewardsFunded')).toBe(charged.stakers);
    await expectPaymentContractMatchesLedger();
  });
});
