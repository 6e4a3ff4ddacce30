import { lockTiers } from '@far/contracts';
import { type Db, revenueStreams, stakingRecords } from '@far/db';
import { and, asc, eq, ne } from 'drizzle-orm';
import { recordUserActivity } from '../account/recordUserActivity.js';
import { upsertUser } from '../auth/upsertUser.js';
import { creditDeposit } from '../ledger/creditDeposit.js';
import { debitWithdrawal } from '../ledger/debitWithdrawal.js';
import { getBalances } from '../ledger/getBalances.js';
import { hasLedgerTransaction } from '../ledger/hasLedgerTransaction.js';
import { IdempotencyKeyReusedError } from '../ledger/IdempotencyKeyReusedError.js';
import { InsufficientBalanceError } from '../ledger/InsufficientBalanceError.js';
import { listNodeEarningsOfOwner } from '../ledger/listNodeEarningsOfOwner.js';
import { smallerWei } from '../ledger/smallerWei.js';
import { transfer } from '../ledger/transfer.js';
import type { Logger } from '../observability/createLogger.js';
import { confirmSettlementBatch } from '../settlement/confirmSettlementBatch.js';
import { type ChainNotice, revenueNotice } from './ChainNotice.js';
import type { ChainEvent } from './readChainEvents.js';
import { recordCreatorEarningsWithdrawal } from './recordCreatorEarningsWithdrawal.js';
import { recordTreasuryWithdrawal } from './recordTreasuryWithdrawal.js';

/** What the indexer read from chain for an event before opening the database transaction. */
export type ChainEventContext = {
  chainId: number;
  /**
   * The cursor's `idempotency_scope`: the chain history the events come from (its deployment
   * block's hash), or null for the unscoped keys of cursors started before histories were told apart.
   */
  idempotencyScope: string | null;
  blockTime: Date;
  logger: Logger;
  /** Staked: FARStaking's base rate (basis points) when it was staked. */
  rewardRateBps?: bigint;
  /** Unstaked: the position's lock, which never changes after staking. */
  position?: { lockTier: number; unlockAt: bigint };
};

/**
 * `chain:<scope>:<txHash>:<logIndex>`: re-reading a block can never post the same log twice, and a
 * fresh chain replaying the same transactions (same sender, nonce and fees give the same hash) is a
 * new scope, so its deposits are credited rather than taken for replays. Within one history the key
 * does not depend on the block, so a log that a reorg moves to another block still posts once.
 *
 * @param event - the log's transaction hash and index.
 * @param idempotencyScope - the cursor's scope; null gives the unscoped `chain:<txHash>:<logIndex>`.
 * @returns the ledger idempotency key.
 * @example
 * chainIdempotencyKey({ transactionHash, logIndex: 0 }, deployBlockHash); // 'chain:0xab…:0xcd…:0'
 */
function chainIdempotencyKey(
  event: Pick<ChainEvent, 'transactionHash' | 'logIndex'>,
  idempotencyScope: string | null,
): string {
  return idempotencyScope === null
    ? `chain:${event.transactionHash}:${event.logIndex}`
    : `chain:${idempotencyScope}:${event.transactionHash}:${event.logIndex}`;
}

/**
 * Applies one chain event to the database inside the indexer's transaction (deposits and
 * withdrawals to the ledger, stakes to staking_records, claims to revenue_streams, settled batches
 * to settlement_batches). Every branch is idempotent, so replaying a range changes nothing.
 *
 * @param tx - the open transaction that also advances the cursor.
 * @param event - the parsed event.
 * @param context - block time, chain id and what was pre-read from chain.
 * @returns the notices to publish once the transaction has committed.
 */
export async function applyChainEvent(
  tx: Db,
  event: ChainEvent,
  context: ChainEventContext,
): Promise<ChainNotice[]> {
  const metadata = {
    source: 'chain',
    event: event.eventName,
    chainId: context.chainId,
    txHash: event.transactionHash,
    logIndex: event.logIndex,
    blockNumber: event.blockNumber.toString(),
    blockHash: event.blockHash,
  };
  switch (event.eventName) {
    case 'Deposited': {
      const user = await upsertUser(tx, event.args.user);
      const idempotencyKey = chainIdempotencyKey(event, context.idempotencyScope);
      await creditDeposit(tx, { userId: user.id, amount: event.args.amount, idempotencyKey, metadata });
      await recordEscrowActivity(tx, user.id, 'deposit', event, idempotencyKey, context);
      return [revenueNotice(user.walletAddress, 'deposit', event.args.amount, context.blockTime)];
    }
    case 'Withdrawn': {
      const user = await upsertUser(tx, event.args.user);
      await recordWithdrawal(tx, user.id, event, metadata, context);
      await recordEscrowActivity(
        tx,
        user.id,
        'withdrawal',
        event,
        chainIdempotencyKey(event, context.idempotencyScope),
        context,
      );
      return [revenueNotice(user.walletAddress, 'withdrawal', event.args.amount, context.blockTime)];
    }
    case 'EarningsWithdrawn':
      await recordEarningsWithdrawal(tx, event, metadata, context);
      return [
        revenueNotice(event.args.node, 'node_earnings_withdrawn', event.args.amount, context.blockTime),
      ];
    case 'CreatorEarningsWithdrawn':
      await recordCreatorEarningsWithdrawal(
        tx,
        { ...event.args, transactionHash: event.transactionHash },
        chainIdempotencyKey(event, context.idempotencyScope),
        metadata,
        context.logger,
      );
      return [
        revenueNotice(event.args.creator, 'creator_earnings_withdrawn', event.args.amount, context.blockTime),
      ];
    case 'TreasuryWithdrawn':
      await recordTreasuryWithdrawal(
        tx,
        { amount: event.args.amount, transactionHash: event.transactionHash },
        chainIdempotencyKey(event, context.idempotencyScope),
        metadata,
        context.logger,
      );
      return [];
    case 'BatchSettled':
      await confirmSettlementBatch(tx, event.args.batchId, event.transactionHash, context.logger);
      return [];
    case 'Staked':
      await recordStake(tx, event, context);
      return [];
    case 'Unstaked':
      await recordUnstake(tx, event, context);
      return [];
    case 'RewardsClaimed':
      return recordRewardsClaim(tx, event, context);
  }
}

/**
 * The user's activity row for an escrow deposit or withdrawal, keyed like its ledger posting, so a
 * re-read log (a rewound cursor, a reorg) records nothing twice. The amount is the chain's.
 */
function recordEscrowActivity(
  tx: Db,
  userId: string,
  type: 'deposit' | 'withdrawal',
  event: Extract<ChainEvent, { eventName: 'Deposited' | 'Withdrawn' }>,
  idempotencyKey: string,
  context: ChainEventContext,
) {
  return recordUserActivity(tx, {
    userId,
    type,
    detail: {
      amountWei: event.args.amount.toString(),
      chainId: context.chainId,
      txHash: event.transactionHash,
      logIndex: event.logIndex,
    },
    sourceKey: idempotencyKey,
    occurredAt: context.blockTime,
  });
}

type WithdrawnEvent = Extract<ChainEvent, { eventName: 'Withdrawn' }>;

/**
 * The chain is the truth: the FAR has left escrow whatever the ledger says. If the ledger holds
 * less (charges served but not yet settled, or funds reserved for a running task), debit what is
 * there and log the shortfall for the operator instead of stalling the indexer forever.
 */
async function recordWithdrawal(
  tx: Db,
  userId: string,
  event: WithdrawnEvent,
  metadata: Record<string, unknown>,
  context: ChainEventContext,
): Promise<void> {
  const { logger } = context;
  const idempotencyKey = chainIdempotencyKey(event, context.idempotencyScope);
  try {
    await debitWithdrawal(tx, { userId, amount: event.args.amount, idempotencyKey, metadata });
  } catch (error) {
    // A replay of a withdrawal first posted partially presents a different amount: already applied.
    if (error instanceof IdempotencyKeyReusedError) return;
    if (!(error instanceof InsufficientBalanceError)) throw error;
    const { available } = await getBalances(tx, userId);
    logger.error(
      {
        userId,
        txHash: event.transactionHash,
        withdrawn: event.args.amount.toString(),
        available: available.toString(),
      },
      'on-chain withdrawal exceeds the ledger balance; debiting what the ledger holds',
    );
    if (available > 0n) {
      await debitWithdrawal(tx, {
        userId,
        amount: available,
        idempotencyKey,
        metadata: { ...metadata, shortfallWei: (event.args.amount - available).toString() },
      });
    }
  }
}

type EarningsWithdrawnEvent = Extract<ChainEvent, { eventName: 'EarningsWithdrawn' }>;

/**
 * A node owner pulled credited earnings on chain: move that much out of the ledger earnings of
 * the nodes paid to this address (oldest node first) to the chain counterparty.
 */
async function recordEarningsWithdrawal(
  tx: Db,
  event: EarningsWithdrawnEvent,
  metadata: Record<string, unknown>,
  context: ChainEventContext,
): Promise<void> {
  const { logger } = context;
  const keyPrefix = chainIdempotencyKey(event, context.idempotencyScope);
  // The split across nodes depends on balances at the time, so a replay is detected by key prefix
  // rather than by re-deriving the same postings.
  if (await hasLedgerTransaction(tx, { idempotencyKeyPrefix: keyPrefix })) return;

  const accounts = await listNodeEarningsOfOwner(tx, event.args.node);
  let remaining = event.args.amount;
  for (const account of accounts) {
    if (remaining === 0n) break;
    const amount = smallerWei(account.balanceWei, remaining);
    await transfer(tx, {
      from: { kind: 'node_earnings', nodeId: account.nodeId },
      to: { kind: 'chain_deposits' },
      amount,
      idempotencyKey: `${keyPrefix}:${account.nodeId}`,
      metadata,
    });
    remaining -= amount;
  }
  if (remaining > 0n) {
    logger.warn(
      { node: event.args.node, txHash: event.transactionHash, unmatchedWei: remaining.toString() },
      'node withdrew more than its ledger earnings (credited outside batched settlement?)',
    );
  }
}

type StakedEvent = Extract<ChainEvent, { eventName: 'Staked' }>;

async function recordStake(tx: Db, event: StakedEvent, context: ChainEventContext): Promise<void> {
  const user = await upsertUser(tx, event.args.user);
  const unlockAt = new Date(Number(event.args.unlockAt) * 1000);
  const [existing] = await tx
    .select({ id: stakingRecords.id })
    .from(stakingRecords)
    .where(
      and(
        eq(stakingRecords.userId, user.id),
        eq(stakingRecords.txHash, event.transactionHash),
        eq(stakingRecords.lockTier, event.args.lockTier),
        eq(stakingRecords.unlockAt, unlockAt),
        eq(stakingRecords.amountWei, event.args.amount),
      ),
    );
  if (existing !== undefined) return;
  const tier = lockTiers[event.args.lockTier];
  if (tier === undefined) throw new Error(`Staked event with unknown lock tier ${event.args.lockTier}`);
  // The effective APY of the position: base rate × the tier's multiplier, in percent.
  const apyAtStake =
    context.rewardRateBps === undefined
      ? null
      : Number((context.rewardRateBps * BigInt(tier.multiplierBps)) / 10_000n) / 100;
  await tx.insert(stakingRecords).values({
    userId: user.id,
    amountWei: event.args.amount,
    lockPeriodDays: tier.days,
    lockTier: event.args.lockTier,
    apyAtStake,
    status: 'active',
    stakedAt: context.blockTime,
    unlockAt,
    txHash: event.transactionHash,
  });
}

type UnstakedEvent = Extract<ChainEvent, { eventName: 'Unstaked' }>;

/**
 * Finds the record of the position by its lock (tier and unlock time, fixed at staking) and sets
 * what is still staked; a position unstaked to zero becomes `withdrawn` and keeps its last amount.
 */
async function recordUnstake(tx: Db, event: UnstakedEvent, context: ChainEventContext): Promise<void> {
  if (context.position === undefined) throw new Error('Unstaked event without its position');
  const user = await upsertUser(tx, event.args.user);
  const [record] = await tx
    .select({ id: stakingRecords.id })
    .from(stakingRecords)
    .where(
      and(
        eq(stakingRecords.userId, user.id),
        eq(stakingRecords.lockTier, context.position.lockTier),
        eq(stakingRecords.unlockAt, new Date(Number(context.position.unlockAt) * 1000)),
        ne(stakingRecords.status, 'withdrawn'),
      ),
    )
    .orderBy(asc(stakingRecords.stakedAt))
    .limit(1);
  if (record === undefined) {
    context.logger.warn(
      { user: event.args.user, positionId: event.args.positionId.toString() },
      'Unstaked for a position with no active staking record',
    );
    return;
  }
  await tx
    .update(stakingRecords)
    .set(
      event.args.remaining === 0n
        ? { status: 'withdrawn', withdrawnAt: context.blockTime }
        : { amountWei: event.args.remaining, status: 'unlocked' },
    )
    .where(eq(stakingRecords.id, record.id));
}

type RewardsClaimedEvent = Extract<ChainEvent, { eventName: 'RewardsClaimed' }>;

/** A staker claimed rewards: one `staking_rewards` revenue stream per claim transaction. */
async function recordRewardsClaim(
  tx: Db,
  event: RewardsClaimedEvent,
  context: ChainEventContext,
): Promise<ChainNotice[]> {
  const user = await upsertUser(tx, event.args.user);
  const [existing] = await tx
    .select({ id: revenueStreams.id })
    .from(revenueStreams)
    .where(
      and(
        eq(revenueStreams.userId, user.id),
        eq(revenueStreams.streamType, 'staking_rewards'),
        eq(revenueStreams.transactionHash, event.transactionHash),
      ),
    );
  if (existing === undefined) {
    await tx.insert(revenueStreams).values({
      streamType: 'staking_rewards',
      service: 'staking',
      userId: user.id,
      amountFarWei: event.args.amount,
      transactionHash: event.transactionHash,
      createdAt: context.blockTime,
    });
  }
  return [revenueNotice(user.walletAddress, 'staking_rewards', event.args.amount, context.blockTime)];
}
