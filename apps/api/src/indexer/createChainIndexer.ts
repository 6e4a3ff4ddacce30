import { type Deployments, farStakingAbi } from '@far/contracts';
import { chainCursors, type Db } from '@far/db';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { BlockNotFoundError, type PublicClient, zeroHash } from 'viem';
import { z } from 'zod';
import { ChainError } from '../chain/ChainError.js';
import { explainChainError } from '../chain/explainChainError.js';
import type { Logger } from '../observability/createLogger.js';
import { applyChainEvent, type ChainEventContext } from './applyChainEvent.js';
import type { ChainEventBus, ChainNotice } from './ChainNotice.js';
import { chainIndexerCursorName } from './chainIndexerCursorName.js';
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
  /** The cursor was not on this chain's history (a fresh chain, a deep reorg) and started again. */
  rewound: boolean;
};

/** A chain_cursors row as the indexer reads it; `stored: false` before the first sync writes one. */
type Cursor = {
  blockNumber: bigint;
  blockHash: string | null;
  deployBlockHash: string | null;
  idempotencyScope: string | null;
  stored: boolean;
};

type DeployBlock = { hash: string; parentHash: string };

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
 * The cursor also keeps the hash of its block and of the deployment block. When the chain no longer
 * has that history (a fresh Hardhat chain reuses the contract addresses, so a database that outlives
 * its chain would otherwise wait past the new head or skip its first blocks; or a reorg deeper than
 * the confirmations), the indexer logs a warning and re-indexes from the deployment block. A new chain
 * gets its own idempotency scope: its deposits are credited even where they repeat the old
 * transaction hashes, and the old chain's postings stay as they were.
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
  const cursorName = settings.cursorName ?? chainIndexerCursorName(deployments);
  const startBlock = BigInt(deployments.deployBlock) - 1n;

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = true;
  /** The first sync of this indexer compares its cursor with the chain in full; later ones cheaply. */
  let verified = false;
  let warnedUndeployed = false;

  async function readCursor(): Promise<Cursor> {
    const [row] = await db
      .select({
        blockNumber: chainCursors.blockNumber,
        blockHash: chainCursors.blockHash,
        deployBlockHash: chainCursors.deployBlockHash,
        idempotencyScope: chainCursors.idempotencyScope,
      })
      .from(chainCursors)
      .where(eq(chainCursors.name, cursorName));
    return row === undefined
      ? {
          blockNumber: startBlock,
          blockHash: null,
          deployBlockHash: null,
          idempotencyScope: null,
          stored: false,
        }
      : { ...row, stored: true };
  }

  /** The deployment block as the chain has it now, read at most once per sync. */
  function deployBlockReader(): () => Promise<DeployBlock> {
    let read: Promise<DeployBlock> | undefined;
    return () => {
      read ??= publicClient
        .getBlock({ blockNumber: BigInt(deployments.deployBlock) })
        .then((block) => ({ hash: block.hash, parentHash: block.parentHash }));
      return read;
    };
  }

  /** A new cursor starts before the deployment block, in the history (and key scope) of this chain. */
  async function startCursor(deployBlock: DeployBlock): Promise<Cursor> {
    await db
      .insert(chainCursors)
      .values({
        name: cursorName,
        blockNumber: startBlock,
        blockHash: deployBlock.parentHash,
        deployBlockHash: deployBlock.hash,
        idempotencyScope: deployBlock.hash,
      })
      .onConflictDoNothing({ target: chainCursors.name });
    return readCursor();
  }

  /**
   * Why the cursor no longer describes this chain, or undefined when it does. The cursor beyond the
   * head is free to see on every sync; the hashes of the cursor's block and of the deployment block
   * are compared on the first sync (afterwards each range checks that its first block is the child of
   * the cursor's block).
   */
  async function findDivergence(
    cursor: Cursor,
    head: bigint,
    deployBlock: () => Promise<DeployBlock>,
  ): Promise<string | undefined> {
    if (cursor.blockNumber > head) {
      return `the indexed block ${cursor.blockNumber} is beyond the chain head ${head}`;
    }
    if (verified) return undefined;
    if (cursor.deployBlockHash !== null && (await deployBlock()).hash !== cursor.deployBlockHash) {
      return `the deployment block ${deployments.deployBlock} is not the one indexed`;
    }
    if (cursor.blockHash === null || cursor.blockNumber < 0n) return undefined;
    const block = await publicClient.getBlock({ blockNumber: cursor.blockNumber }).catch((error: unknown) => {
      if (error instanceof BlockNotFoundError) return undefined;
      throw error;
    });
    if (block?.hash !== cursor.blockHash) {
      return `block ${cursor.blockNumber} is ${block?.hash ?? 'missing'} on chain but ${cursor.blockHash} was indexed`;
    }
    return undefined;
  }

  /**
   * Starts again from the deployment block, keeping the idempotency scope when the deployment block
   * is the one indexed (a reorg: logs re-read from the surviving history post nothing twice) and
   * taking a new one when it is not (another chain: its transactions may repeat the old hashes, and
   * must be credited, not taken for replays). Postings of a lost history are kept.
   */
  async function rewind(
    cursor: Cursor,
    reason: string,
    deployBlock: () => Promise<DeployBlock>,
  ): Promise<Cursor> {
    const deploy = await deployBlock();
    const sameHistory = cursor.deployBlockHash === deploy.hash;
    await db
      .update(chainCursors)
      .set({
        blockNumber: startBlock,
        blockHash: deploy.parentHash,
        deployBlockHash: deploy.hash,
        idempotencyScope: sameHistory ? cursor.idempotencyScope : deploy.hash,
        updatedAt: sql`now()`,
      })
      // Another replica may have rewound (and moved on) first: then its cursor stands.
      .where(and(eq(chainCursors.name, cursorName), eq(chainCursors.blockNumber, cursor.blockNumber)));
    logger.warn(
      {
        reason,
        indexedBlock: cursor.blockNumber.toString(),
        deployBlock: deployments.deployBlock,
        sameDeployment: sameHistory,
      },
      sameHistory
        ? 'indexed blocks were reorganised away (raise the confirmations setting): re-indexing from the deployment block; applied events are kept'
        : 'the chain is not the one indexed (a fresh chain with the same contract addresses?): indexing it from the deployment block',
    );
    return readCursor();
  }

  /**
   * A cursor written before deployment hashes were kept, found to match this chain: record the
   * deployment block so that a later reorg keeps its unscoped keys instead of posting again.
   */
  async function adoptLegacyCursor(cursor: Cursor, deployBlock: () => Promise<DeployBlock>): Promise<Cursor> {
    if (!cursor.stored || cursor.deployBlockHash !== null) return cursor;
    await db
      .update(chainCursors)
      .set({ deployBlockHash: (await deployBlock()).hash })
      .where(and(eq(chainCursors.name, cursorName), isNull(chainCursors.deployBlockHash)));
    return readCursor();
  }

  /** Reads, outside any database transaction, the chain state some events need. */
  async function buildContexts(
    events: ChainEvent[],
    idempotencyScope: string | null,
  ): Promise<ChainEventContext[]> {
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
        idempotencyScope,
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

  /**
   * A block's parent hash. Hardhat's `hardhat_mine` of many blocks reserves them, and a reserved
   * block reports a zero parent hash: then the parent is read by number.
   */
  async function parentHashOf(block: { number: bigint; parentHash: string }): Promise<string> {
    if (block.parentHash !== zeroHash || block.number === 0n) return block.parentHash;
    return (await publicClient.getBlock({ blockNumber: block.number - 1n })).hash;
  }

  /**
   * Applies the events of one range and moves the cursor to its last block, in one transaction.
   * `diverged` when the range's first block is not the child of the cursor's block.
   */
  async function applyRange(
    cursor: Cursor,
    fromBlock: bigint,
    toBlock: bigint,
  ): Promise<number | 'diverged'> {
    const events = await readChainEvents(publicClient, deployments, fromBlock, toBlock);
    const contexts = await buildContexts(events, cursor.idempotencyScope);
    const [first, last] = await Promise.all([
      publicClient.getBlock({ blockNumber: fromBlock }),
      publicClient.getBlock({ blockNumber: toBlock }),
    ]);
    if (cursor.blockHash !== null && (await parentHashOf(first)) !== cursor.blockHash) return 'diverged';
    const notices: ChainNotice[] = [];
    const applied = await db.transaction(async (tx) => {
      // The row lock serialises replicas: whoever comes second sees the cursor moved and skips.
      const [locked] = await tx
        .select({
          blockNumber: chainCursors.blockNumber,
          blockHash: chainCursors.blockHash,
          idempotencyScope: chainCursors.idempotencyScope,
        })
        .from(chainCursors)
        .where(eq(chainCursors.name, cursorName))
        .for('update');
      if (
        locked === undefined ||
        locked.blockNumber !== cursor.blockNumber ||
        locked.blockHash !== cursor.blockHash ||
        locked.idempotencyScope !== cursor.idempotencyScope
      ) {
        return 0;
      }
      for (const [index, event] of events.entries()) {
        const context = contexts[index];
        if (context === undefined) throw new Error('missing event context');
        notices.push(...(await applyChainEvent(tx, event, context)));
      }
      await tx
        .update(chainCursors)
        .set({ blockNumber: toBlock, blockHash: last.hash, updatedAt: sql`now()` })
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
    if (head < BigInt(deployments.deployBlock)) {
      // Nothing to read or compare yet; a cursor left by an earlier chain waits for the deployment.
      if (cursor.stored && !warnedUndeployed) {
        warnedUndeployed = true;
        logger.warn(
          { head: head.toString(), deployBlock: deployments.deployBlock },
          'the chain has not reached the deployment block: are the contracts deployed on it?',
        );
      }
      return { cursor: cursor.blockNumber, applied: 0, rewound: false };
    }
    const deployBlock = deployBlockReader();
    let rewound = false;
    const divergence = cursor.stored ? await findDivergence(cursor, head, deployBlock) : undefined;
    if (divergence !== undefined) {
      cursor = await rewind(cursor, divergence, deployBlock);
      rewound = true;
    } else if (cursor.stored) {
      cursor = await adoptLegacyCursor(cursor, deployBlock);
    } else {
      cursor = await startCursor(await deployBlock());
    }
    verified = true;
    let applied = 0;
    while (cursor.stored && cursor.blockNumber < safeHead) {
      const fromBlock = cursor.blockNumber + 1n;
      const toBlock =
        fromBlock + BigInt(settings.maxBlockRange) - 1n < safeHead
          ? fromBlock + BigInt(settings.maxBlockRange) - 1n
          : safeHead;
      const outcome = await applyRange(cursor, fromBlock, toBlock);
      if (outcome === 'diverged') {
        if (rewound) {
          throw new ChainError(
            'chain_history_unstable',
            `block ${fromBlock} does not follow the indexed block ${cursor.blockNumber} even after re-indexing from the deployment block`,
          );
        }
        cursor = await rewind(
          cursor,
          `block ${fromBlock} is not the child of the indexed block ${cursor.blockNumber}`,
          deployBlock,
        );
        rewound = true;
        continue;
      }
      applied += outcome;
      cursor = await readCursor();
    }
    return { cursor: cursor.blockNumber, applied, rewound };
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
