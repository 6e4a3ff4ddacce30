import type { Db } from '@far/db';
import type { PublicClient } from 'viem';
import type { Bus } from '../../../bus/Bus.js';
import { createPollingLoop } from '../../../chain/createPollingLoop.js';
import { explainChainError } from '../../../chain/explainChainError.js';
import {
  type ChainCursor,
  createChainCursorStore,
  type DeployBlock,
} from '../../../indexer/createChainCursorStore.js';
import { findChainDivergence } from '../../../indexer/findChainDivergence.js';
import { nextBlockRange } from '../../../indexer/nextBlockRange.js';
import type { Logger } from '../../../observability/createLogger.js';
import { applyDesciChainRange } from './applyDesciChainRange.js';
import { publishDesciChainUpdates } from './publishDesciChainUpdates.js';
import type { DesciContracts } from './readDesciChainEvents.js';

export type CreateDesciChainFollowerOptions = {
  db: Db;
  publicClient: PublicClient;
  bus: Pick<Bus, 'publish'>;
  contracts: DesciContracts;
  /** The deployment's treasury. */
  treasury: string;
  chainId: number;
  /** The deployment block: the escrow has no older events. */
  deployBlock: number;
  logger: Logger;
  /** Blocks a log must be buried under before it is applied: 1 = as soon as it is mined. */
  confirmations?: number;
  pollIntervalMs?: number;
  /** Most blocks per getLogs call (public BSC endpoints refuse wide ranges). */
  maxBlockRange?: number;
};

export type DesciChainFollower = {
  /** Polls until `stop()`; errors are logged and retried on the next tick. */
  start(): void;
  stop(): Promise<void>;
  /** Applies every confirmed block after the cursor; resolves when caught up. */
  syncOnce(): Promise<{ cursor: bigint; applied: number; rewound: boolean }>;
};

/**
 * Follows ResearchEscrow and PublicationRegistry into the desci chain mirror (`desci_chain_*`), with
 * its own `chain_cursors` row (`desci:<chainId>:<escrow>`), confirmations and bounded ranges, reusing
 * the indexer's cursor store, divergence check and range planning. When the chain's history no longer
 * holds the cursor's block (a fresh chain at the same addresses, or a reorg deeper than the
 * confirmations) it rewinds to the deployment block and the mirror is rebuilt. After each committed
 * range it announces the touched proposals on `desci:funding`.
 *
 * @param options - database, chain client, bus, contracts, deployment and tuning.
 * @returns `{ start, stop, syncOnce }`.
 * @example
 * const follower = createDesciChainFollower({ db, publicClient, bus, contracts, treasury, chainId, deployBlock, logger });
 * follower.start();
 */
export function createDesciChainFollower(options: CreateDesciChainFollowerOptions): DesciChainFollower {
  const { publicClient, contracts } = options;
  const confirmations = BigInt(options.confirmations ?? 1);
  const logger = options.logger.child({ component: 'desci-chain-follower' });
  const startBlock = BigInt(options.deployBlock) - 1n;
  const cursors = createChainCursorStore({
    db: options.db,
    name: `desci:${options.chainId}:${contracts.researchEscrow.toLowerCase()}`,
    startBlock,
  });
  const rangeParams = { ...options, cursors, startBlock, logger };
  const escrow = contracts.researchEscrow.toLowerCase();
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
      'desci mirror re-indexed from the deployment block',
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
      blockHashAt: (blockNumber) =>
        publicClient.getBlock({ blockNumber }).then(
          (block) => block.hash,
          () => undefined,
        ),
    });
    if (divergence === undefined) return { cursor: stored, rewound: false };
    return { cursor: await rewind(stored, divergence, deployBlock), rewound: true };
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
      const outcome = await applyDesciChainRange(rangeParams, cursor, range);
      if (outcome === 'diverged') {
        if (rewound)
          throw new Error(`block ${range.fromBlock} does not follow the indexed block even after a rewind`);
        cursor = await rewind(
          cursor,
          `block ${range.fromBlock} is not the child of the indexed block`,
          deployBlock,
        );
        rewound = true;
        continue;
      }
      applied += outcome.applied;
      await publishDesciChainUpdates({ db: options.db, bus: options.bus, escrow, logger }, outcome.touched);
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
        'desci chain sync failed; retrying',
      ),
  });
  return { start: () => loop.start(), stop: () => loop.stop(), syncOnce };
}
