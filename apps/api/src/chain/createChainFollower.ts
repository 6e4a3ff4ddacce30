import type { Db } from '@far/db';
import { BlockNotFoundError, type PublicClient } from 'viem';
import {
  type ChainCursor,
  createChainCursorStore,
  type DeployBlock,
} from '../indexer/createChainCursorStore.js';
import { findChainDivergence } from '../indexer/findChainDivergence.js';
import { nextBlockRange } from '../indexer/nextBlockRange.js';
import { parentHashOf } from '../indexer/parentHashOf.js';
import type { Logger } from '../observability/createLogger.js';
import { createPollingLoop } from './createPollingLoop.js';
import { explainChainError } from './explainChainError.js';

/** An inclusive block range. */
export type BlockRange = { fromBlock: bigint; toBlock: bigint };

export type CreateChainFollowerOptions<TEvent, TCommitted> = {
  db: Db;
  publicClient: PublicClient;
  /** The follower's own `chain_cursors` row, e.g. `gaming:<chainId>:<pool>`. */
  cursorName: string;
  /** The deployment block: the contracts have no older events. */
  deployBlock: number;
  /** Blocks a log must be buried under before it is applied: 1 = as soon as it is mined. */
  confirmations: number;
  /** Tagged with the follower's part already. */
  logger: Logger;
  /** Names the mirror in log lines, e.g. 'gaming chain mirror'. */
  mirror: string;
  /** Most blocks per getLogs call (public BSC endpoints refuse wide ranges). Default 2,000. */
  maxBlockRange?: number;
  /** Default 1,000 ms. */
  pollIntervalMs?: number;
  /** The contracts' events in `range`, in chain order. */
  readEvents(range: BlockRange): Promise<TEvent[]>;
  /** Deletes the mirror's rows, in the transaction that re-applies the first range after a (re)start. */
  clearMirror(tx: Db): Promise<void>;
  /** Applies one range's events in its transaction; returns what to announce once it commits. */
  applyEvents(tx: Db, events: TEvent[]): Promise<TCommitted>;
  /** Announces a committed range (bus, realtime); a failure here does not undo the range. */
  onCommitted?(committed: TCommitted): Promise<void>;
};

export type ChainFollower = {
  /** Polls until `stop()`; errors are logged and retried on the next tick. */
  start(): void;
  /** Stops polling and waits for a sync in progress. */
  stop(): Promise<void>;
  /** Applies every confirmed block after the cursor; resolves when caught up. */
  syncOnce(): Promise<{ cursor: bigint; applied: number; rewound: boolean }>;
};

/**
 * Follows a service's contracts into its chain mirror with the core indexer's parts: a
 * `chain_cursors` row of its own, bounded block ranges, the confirmations setting, and each range's
 * rows and cursor in one transaction (another replica that moved the cursor first wins; this one
 * applies nothing). When the chain's history no longer holds the cursor's block (a fresh dev chain at
 * the same addresses, a reorg deeper than the confirmations) the cursor rewinds to the deployment
 * block, and the first range after it clears the mirror in its own transaction and rebuilds it: the
 * mirror is a projection of the chain, and a crash between the rewind and the re-index leaves
 * nothing stale. The services keep their events, rows and announcements (`readEvents`,
 * `applyEvents`, `clearMirror`, `onCommitted`) in their own folders.
 *
 * @param options - database, chain, cursor, deployment, tuning and the service's event handling.
 * @returns `{ start, stop, syncOnce }`.
 * @example
 * const follower = createChainFollower({ db, publicClient, cursorName, deployBlock, confirmations, logger,
 *   mirror: 'gaming chain mirror', readEvents, clearMirror, applyEvents, onCommitted });
 * follower.start();
 */
export function createChainFollower<TEvent, TCommitted>(
  options: CreateChainFollowerOptions<TEvent, TCommitted>,
): ChainFollower {
  const { db, publicClient, logger } = options;
  const confirmations = BigInt(options.confirmations);
  const startBlock = BigInt(options.deployBlock) - 1n;
  const cursors = createChainCursorStore({ db, name: options.cursorName, startBlock });
  let verified = false;

  const deployBlockReader = () => {
    let read: Promise<DeployBlock> | undefined;
    return () => {
      read ??= publicClient
        .getBlock({ blockNumber: BigInt(options.deployBlock) })
        .then((block) => ({ hash: block.hash, parentHash: block.parentHash }));
      return read;
    };
  };

  async function rewind(cursor: ChainCursor, reason: string, deployBlock: () => Promise<DeployBlock>) {
    logger.warn(
      { reason, indexedBlock: cursor.blockNumber.toString() },
      `the chain is not the one followed: rebuilding the ${options.mirror} from the deployment block`,
    );
    return (await cursors.rewind(cursor, await deployBlock())).cursor;
  }

  async function prepareCursor(stored: ChainCursor, head: bigint, deployBlock: () => Promise<DeployBlock>) {
    if (!stored.stored) return { cursor: await cursors.start(await deployBlock()), rewound: false };
    const divergence = await findChainDivergence({
      cursor: stored,
      head,
      thorough: !verified,
      deployBlockNumber: options.deployBlock,
      deployBlock,
      blockHashAt: (blockNumber) => blockHashAt(publicClient, blockNumber),
    });
    if (divergence === undefined) return { cursor: stored, rewound: false };
    return { cursor: await rewind(stored, divergence, deployBlock), rewound: true };
  }

  async function applyRange(cursor: ChainCursor, range: BlockRange) {
    const events = await options.readEvents(range);
    const [first, last] = await Promise.all([
      publicClient.getBlock({ blockNumber: range.fromBlock }),
      publicClient.getBlock({ blockNumber: range.toBlock }),
    ]);
    if (cursor.blockHash !== null && (await parentHashOf(publicClient, first)) !== cursor.blockHash)
      return 'diverged' as const;
    const committed = await db.transaction(async (tx) => {
      if (!(await cursors.lockIfUnchanged(tx, cursor))) return undefined;
      if (cursor.blockNumber === startBlock) await options.clearMirror(tx);
      const outcome = await options.applyEvents(tx, events);
      await cursors.advance(tx, range.toBlock, last.hash);
      return { outcome };
    });
    if (!committed) return 0;
    if (events.length > 0) {
      logger.info(
        { fromBlock: range.fromBlock.toString(), toBlock: range.toBlock.toString(), events: events.length },
        `applied events to the ${options.mirror}`,
      );
    }
    await options.onCommitted?.(committed.outcome);
    return events.length;
  }

  async function syncOnce() {
    const head = await publicClient.getBlockNumber({ cacheTime: 0 });
    const safeHead = head - (confirmations - 1n);
    const stored = await cursors.read();
    if (head < BigInt(options.deployBlock)) return { cursor: stored.blockNumber, applied: 0, rewound: false };
    const deployBlock = deployBlockReader();
    let { cursor, rewound } = await prepareCursor(stored, head, deployBlock);
    verified = true;
    let applied = 0;
    while (cursor.stored && cursor.blockNumber < safeHead) {
      const range = nextBlockRange(cursor.blockNumber, safeHead, options.maxBlockRange ?? 2_000);
      const outcome = await applyRange(cursor, range);
      if (outcome === 'diverged') {
        if (rewound)
          throw new Error(`block ${range.fromBlock} does not follow the indexed block even after a rewind`);
        cursor = await rewind(
          cursor,
          `block ${range.fromBlock} is not the child of the indexed block ${cursor.blockNumber}`,
          deployBlock,
        );
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
    intervalMs: options.pollIntervalMs ?? 1_000,
    onError: (error) =>
      logger.error(
        { err: error, reason: explainChainError(error).message },
        `${options.mirror} sync failed; retrying`,
      ),
  });
  return { start: () => loop.start(), stop: () => loop.stop(), syncOnce };
}

/** A block's hash on the chain now; undefined when the chain has no such block. */
async function blockHashAt(publicClient: PublicClient, blockNumber: bigint): Promise<string | undefined> {
  const block = await publicClient.getBlock({ blockNumber }).catch((error: unknown) => {
    if (error instanceof BlockNotFoundError) return undefined;
    throw error;
  });
  return block?.hash;
}
