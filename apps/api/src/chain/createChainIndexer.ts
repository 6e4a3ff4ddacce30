import { type Deployments, farStakingAbi } from '@far/contracts';
import { chainCursors, type Db } from '@far/db';
import { eq, sql } from 'drizzle-orm';
import type { PublicClient } from 'viem';
import { z } from 'zod';
import type { Logger } from '../observability/createLogger.js';
import { applyChainEvent, type ChainEventContext } from './applyChainEvent.js';
import type { ChainEventBus, ChainNotice } from './ChainNotice.js';
import { explainChainError } from './explainChainError.js';
import { type ChainEvent, readChainEvents } from './readChainEvents.js';

const chainIndexerOptionsSchema = z.object({
  /** Blocks a log must be buried under before it is applied: 1 = as soon as it is mined. */
  confirmations: z.number().int().min(1).max(1_000).default(1),
  pollIntervalMs: z.number().int().min(10).max(3_600_000).default(1_000),
  /** Most blocks per getLogs call (public BSC endpoints refuse wide ranges). */
  maxBlockRange: z.number().int().min(1).max(100_000).default(2_000),
  cursorName: z.string().min(1).max(200).optional(),
});

export type CreateChainIndexerOptions = {
  db: Db;
  publicClient: PublicClient;
  deployments: Pick<Deployments, 'chainId' | 'deployBlock' | 'contracts'>;
  logger: Logger;
  /** Default 1 (local); 12 is a sensible value on BSC. */
  confirmations?: number;
  /** Default 1000 ms. */
  pollIntervalMs?: number;
  maxBlockRange?: number;
  /** The chain_cursors row; default `indexer:<chainId>:<InferencePayment address>`. */
  cursorName?: string;
  /** When given, `revenue:updates` notices (deposits, withdrawals, claims…) are published on it. */
  bus?: ChainEventBus;
};

export type SyncResult = {
  /** Last block applied (the cursor) after this sync. */
  cursor: bigint;
  /** Events applied by this sync. */
  applied: number;
};

export type ChainIndexer = {
  /** Polls every `pollIntervalMs` until `stop()`; errors are logged and retried on the next tick. */
  start(): void;
  /** Stops polling and waits for a sync in progress to finish. */
  stop(): Promise<void>;
  /** Applies every confirmed block after the cursor, range by range; resolves when caught up. */
  syncOnce(): Promise<SyncResult>;
};

/**
 * The chain indexer: follows InferencePayment and FARStaking from a persisted cursor, with N
 * confirmations and bounded block ranges, and applies their events to the database (deposits and
 * withdrawals to the ledger, stakes, claims, settled batches). Each range's events and the cursor
 * commit in one transaction, so a crash or restart resumes exactly after the last applied block,
 * and the postings' idempotency keys make any replay a no-op.
 *
 * @param options - database, chain client, deployments, confirmations, poll interval, logger, bus.
 * @returns `{ start, stop, syncOnce }`.
 * @example
 * const indexer = createChainIndexer({ db, publicClient, deployments, confirmations: 12, logger });
 * indexer.start();
 */
export function createChainIndexer(options: CreateChainIndexerOptions): ChainIndexer {
  const settings = chainIndexerOptionsSchema.parse({
    confirmations: options.confirmations,
    pollIntervalMs: options.pollIntervalMs,
    maxBlockRange: options.maxBlockRange,
    cursorName: options.cursorName,
  });
  const { db, publicClient, deployments, bus } = options;
  const logger = options.logger.child({ component: 'chain-indexer' });
  const cursorName =
    settings.cursorName ??
    `indexer:${deployments.chainId}:${deployments.contracts.inferencePayment.toLowerCase()}`;
  const startBlock = BigInt(deployments.deployBlock) - 1n;

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = true;
  let reorgChecked: bigint | undefined;

  async function readCursor(): Promise<{ blockNumber: bigint; blockHash: string | null }> {
    const [row] = await db.select().from(chainCursors).where(eq(chainCursors.name, cursorName));
    return row ?? { blockNumber: startBlock, blockHash: null };
  }

  /** Confirmations are meant to make reorgs impossible; if one happened anyway, say so loudly. */
  async function checkCursorBlock(cursor: { blockNumber: bigint; blockHash: string | null }) {
    if (cursor.blockHash === null || reorgChecked === cursor.blockNumber) return;
    const block = await publicClient.getBlock({ blockNumber: cursor.blockNumber });
    reorgChecked = cursor.blockNumber;
    if (block.hash !== cursor.blockHash) {
      logger.error(
        { block: cursor.blockNumber.toString(), indexed: cursor.blockHash, now: block.hash },
        'indexed block was reorganised away: raise the confirmations setting; applied events are kept',
      );
    }
  }

  /** Reads, outside any database transaction, the chain state some events need. */
  async function buildContexts(events: ChainEvent[]): Promise<ChainEventContext[]> {
    const blockTimes = new Map<bigint, Date>();
    for (const event of events) {
      if (blockTimes.has(event.blockNumber)) continue;
      const block = await publicClient.getBlock({ blockNumber: event.blockNumber });
      blockTimes.set(event.blockNumber, new Date(Number(block.timestamp) * 1000));
    }
    const contexts: ChainEventContext[] = [];
    for (const event of events) {
      const context: ChainEventContext = {
        chainId: deployments.chainId,
        blockTime: blockTimes.get(event.blockNumber) ?? new Date(),
        logger,
      };
      if (event.eventName === 'Staked') {
        const rewardRateBps = await readRewardRate(event.blockNumber);
        if (rewardRateBps !== undefined) context.rewardRateBps = rewardRateBps;
      } else if (event.eventName === 'Unstaked') {
        // A position's tier and unlock time never change, so the latest state is as good as history
        // (and works on RPC nodes without archive state).
        const positions = await publicClient.readContract({
          address: deployments.contracts.farStaking,
          abi: farStakingAbi,
          functionName: 'positionsOf',
          args: [event.args.user],
        });
        const position = positions[Number(event.args.positionId)];
        if (position === undefined)
          throw new Error(`position ${event.args.positionId} of ${event.args.user} not found`);
        context.position = { lockTier: position.lockTier, unlockAt: position.unlockAt };
      }
      contexts.push(context);
    }
    return contexts;
  }

  async function readRewardRate(blockNumber: bigint): Promise<bigint | undefined> {
    const read = (at?: bigint) =>
      publicClient.readContract({
        address: deployments.contracts.farStaking,
        abi: farStakingAbi,
        functionName: 'rewardRate',
        ...(at === undefined ? {} : { blockNumber: at }),
      });
    try {
      return await read(blockNumber);
    } catch {
      // Non-archive RPC nodes drop old state; the current rate is the best remaining guess.
      return read().catch(() => undefined);
    }
  }

  async function applyRange(fromBlock: bigint, toBlock: bigint): Promise<number> {
    const events = await readChainEvents(publicClient, deployments, fromBlock, toBlock);
    const contexts = await buildContexts(events);
    const toBlockHash = (await publicClient.getBlock({ blockNumber: toBlock })).hash;
    const notices: ChainNotice[] = [];
    const applied = await db.transaction(async (tx) => {
      await tx
        .insert(chainCursors)
        .values({ name: cursorName, blockNumber: startBlock })
        .onConflictDoNothing({ target: chainCursors.name });
      // The row lock serialises replicas: whoever comes second sees the cursor moved and skips.
      const [locked] = await tx
        .select({ blockNumber: chainCursors.blockNumber })
        .from(chainCursors)
        .where(eq(chainCursors.name, cursorName))
        .for('update');
      if (locked === undefined || locked.blockNumber !== fromBlock - 1n) return 0;
      for (const [index, event] of events.entries()) {
        const context = contexts[index];
        if (context === undefined) throw new Error('missing event context');
        notices.push(...(await applyChainEvent(tx, event, context)));
      }
      await tx
        .update(chainCursors)
        .set({ blockNumber: toBlock, blockHash: toBlockHash, updatedAt: sql`now()` })
        .where(eq(chainCursors.name, cursorName));
      return events.length;
    });
    if (applied > 0) {
      logger.info(
        { fromBlock: fromBlock.toString(), toBlock: toBlock.toString(), events: applied },
        'applied chain events',
      );
    }
    for (const notice of notices) {
      try {
        await bus?.publish(notice.channel, notice.message);
      } catch (error) {
        // The money is committed; a lost notice only delays a browser refresh.
        logger.warn({ err: error, channel: notice.channel }, 'could not publish chain notice');
      }
    }
    return applied;
  }

  async function syncOnce(): Promise<SyncResult> {
    const head = await publicClient.getBlockNumber({ cacheTime: 0 });
    const safeHead = head - BigInt(settings.confirmations - 1);
    let cursor = await readCursor();
    await checkCursorBlock(cursor);
    let applied = 0;
    while (cursor.blockNumber < safeHead) {
      const fromBlock = cursor.blockNumber + 1n;
      const toBlock =
        fromBlock + BigInt(settings.maxBlockRange) - 1n < safeHead
          ? fromBlock + BigInt(settings.maxBlockRange) - 1n
          : safeHead;
      applied += await applyRange(fromBlock, toBlock);
      cursor = await readCursor();
    }
    return { cursor: cursor.blockNumber, applied };
  }

  /** One sync, then the next one `pollIntervalMs` later, until stopped. */
  function tick() {
    running = syncOnce()
      .catch((error: unknown) => {
        logger.error({ err: error, reason: explainChainError(error).message }, 'chain sync failed; retrying');
      })
      .finally(() => {
        running = undefined;
        if (!stopped) timer = setTimeout(tick, settings.pollIntervalMs);
      });
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      logger.info({ cursorName, confirmations: settings.confirmations }, 'chain indexer started');
      tick();
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await running;
    },
    syncOnce,
  };
}
