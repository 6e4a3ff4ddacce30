import type { Deployments } from '@far/contracts';
import type { Db } from '@far/db';
import { BlockNotFoundError, type PublicClient } from 'viem';
import { z } from 'zod';
import { ChainError } from '../chain/ChainError.js';
import { createPollingLoop } from '../chain/createPollingLoop.js';
import { explainChainError } from '../chain/explainChainError.js';
import type { Logger } from '../observability/createLogger.js';
import { applyChainRange } from './applyChainRange.js';
import type { ChainEventBus } from './ChainNotice.js';
import { chainIndexerCursorName } from './chainIndexerCursorName.js';
import {
  type ChainCursor,
  type ChainCursorStore,
  createChainCursorStore,
  type DeployBlock,
} from './createChainCursorStore.js';
import { findChainDivergence } from './findChainDivergence.js';
import { nextBlockRange } from './nextBlockRange.js';

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
  const { publicClient, deployments } = options;
  const logger = options.logger.child({ component: 'chain-indexer' });
  const cursorName = settings.cursorName ?? chainIndexerCursorName(deployments);
  const cursors = createChainCursorStore({
    db: options.db,
    name: cursorName,
    startBlock: BigInt(deployments.deployBlock) - 1n,
  });
  const rangeParams = { ...options, logger, bus: options.bus, cursors };
  const rewindContext = { cursors, logger, deployBlockNumber: deployments.deployBlock };
  /** The first sync of this indexer compares its cursor with the chain in full; later ones cheaply. */
  let verified = false;
  let warnedUndeployed = false;

  /** The cursor to sync from: started, checked against the chain (rewound if it diverged), or adopted. */
  async function prepareCursor(cursor: ChainCursor, head: bigint, deployBlock: () => Promise<DeployBlock>) {
    if (!cursor.stored) return { cursor: await cursors.start(await deployBlock()), rewound: false };
    const divergence = await findChainDivergence({
      cursor,
      head,
      thorough: !verified,
      deployBlockNumber: deployments.deployBlock,
      deployBlock,
      blockHashAt: (blockNumber) => blockHashAt(publicClient, blockNumber),
    });
    if (divergence === undefined)
      return { cursor: await cursors.adoptLegacy(cursor, deployBlock), rewound: false };
    return { cursor: await rewindChainCursor(rewindContext, cursor, divergence, deployBlock), rewound: true };
  }

  async function syncOnce(): Promise<SyncResult> {
    const head = await publicClient.getBlockNumber({ cacheTime: 0 });
    const safeHead = head - BigInt(settings.confirmations - 1);
    const stored = await cursors.read();
    if (head < BigInt(deployments.deployBlock)) {
      // Nothing to read or compare yet; a cursor left by an earlier chain waits for the deployment.
      if (stored.stored && !warnedUndeployed) {
        warnedUndeployed = true;
        logger.warn(
          { head: head.toString(), deployBlock: deployments.deployBlock },
          'the chain has not reached the deployment block: are the contracts deployed on it?',
        );
      }
      return { cursor: stored.blockNumber, applied: 0, rewound: false };
    }
    const deployBlock = deployBlockReader(publicClient, deployments.deployBlock);
    let { cursor, rewound } = await prepareCursor(stored, head, deployBlock);
    verified = true;
    let applied = 0;
    while (cursor.stored && cursor.blockNumber < safeHead) {
      const range = nextBlockRange(cursor.blockNumber, safeHead, settings.maxBlockRange);
      const outcome = await applyChainRange(rangeParams, cursor, range);
      if (outcome === 'diverged') {
        if (rewound) {
          throw new ChainError(
            'chain_history_unstable',
            `block ${range.fromBlock} does not follow the indexed block ${cursor.blockNumber} even after re-indexing from the deployment block`,
          );
        }
        const reason = `block ${range.fromBlock} is not the child of the indexed block ${cursor.blockNumber}`;
        cursor = await rewindChainCursor(rewindContext, cursor, reason, deployBlock);
        rewound = true;
        continue;
      }
      applied += outcome;
      cursor = await cursors.read();
    }
    return { cursor: cursor.blockNumber, applied, rewound };
  }

  const loop = createPollingLoop({
    run: syncOnce,
    intervalMs: settings.pollIntervalMs,
    onError: (error) =>
      logger.error({ err: error, reason: explainChainError(error).message }, 'chain sync failed; retrying'),
  });
  let started = false;
  return {
    start() {
      if (started) return;
      started = true;
      logger.info({ cursorName, confirmations: settings.confirmations }, 'chain indexer started');
      loop.start();
    },
    async stop() {
      started = false;
      await loop.stop();
    },
    syncOnce,
  };
}

/**
 * Starts again from the deployment block (see ChainCursorStore.rewind for the key scope), with a
 * warning that says whether the indexed blocks were reorganised away or the chain is another one.
 * Postings of a lost history are kept.
 */
async function rewindChainCursor(
  context: { cursors: ChainCursorStore; logger: Logger; deployBlockNumber: number },
  cursor: ChainCursor,
  reason: string,
  deployBlock: () => Promise<DeployBlock>,
): Promise<ChainCursor> {
  const rewound = await context.cursors.rewind(cursor, await deployBlock());
  context.logger.warn(
    {
      reason,
      indexedBlock: cursor.blockNumber.toString(),
      deployBlock: context.deployBlockNumber,
      sameDeployment: rewound.sameHistory,
    },
    rewound.sameHistory
      ? 'indexed blocks were reorganised away (raise the confirmations setting): re-indexing from the deployment block; applied events are kept'
      : 'the chain is not the one indexed (a fresh chain with the same contract addresses?): indexing it from the deployment block',
  );
  return rewound.cursor;
}

/** The deployment block as the chain has it now, read at most once per sync. */
function deployBlockReader(
  publicClient: PublicClient,
  deployBlockNumber: number,
): () => Promise<DeployBlock> {
  let read: Promise<DeployBlock> | undefined;
  return () => {
    read ??= publicClient
      .getBlock({ blockNumber: BigInt(deployBlockNumber) })
      .then((block) => ({ hash: block.hash, parentHash: block.parentHash }));
    return read;
  };
}

/** A block's hash on the chain now; undefined when the chain has no such block. */
async function blockHashAt(publicClient: PublicClient, blockNumber: bigint): Promise<string | undefined> {
  const block = await publicClient.getBlock({ blockNumber }).catch((error: unknown) => {
    if (error instanceof BlockNotFoundError) return undefined;
    throw error;
  });
  return block?.hash;
}
