import {
  type Db,
  gamingChainDisputes,
  gamingChainEntries,
  gamingChainResults,
  gamingChainTournaments,
} from '@far/db';
import { eq } from 'drizzle-orm';
import { type Address, BlockNotFoundError, type PublicClient } from 'viem';
import { createPollingLoop } from '../../../chain/createPollingLoop.js';
import { explainChainError } from '../../../chain/explainChainError.js';
import {
  type ChainCursor,
  createChainCursorStore,
  type DeployBlock,
} from '../../../indexer/createChainCursorStore.js';
import { findChainDivergence } from '../../../indexer/findChainDivergence.js';
import { nextBlockRange } from '../../../indexer/nextBlockRange.js';
import { parentHashOf } from '../../../indexer/parentHashOf.js';
import { publishRealtime } from '../../../realtime/publishRealtime.js';
import type { PlatformCore } from '../../PlatformCore.js';
import { applyGamingChainEvent } from './applyGamingChainEvent.js';
import { GAMING_CHAIN_CHANNEL, type GamingChainNotice } from './GamingChainNotice.js';
import { readGamingChainEvents } from './readGamingChainEvents.js';

/** Most blocks per getLogs call (public BSC endpoints refuse wide ranges). */
const MAX_BLOCK_RANGE = 2_000;

export type GamingChainFollower = {
  /** Applies every confirmed block after the cursor; resolves with the events applied. */
  syncOnce(): Promise<number>;
  /** Stops polling and waits for a sync in progress. */
  stop(): Promise<void>;
};

/**
 * Follows TournamentPool's events into the chain mirror (`gaming_chain_*`), with the core indexer's
 * parts: a `chain_cursors` row of its own (`gaming:<chainId>:<pool>`), bounded block ranges, the
 * confirmations setting, and each range's rows and cursor in one transaction. When the chain's history
 * changes under the cursor (a fresh dev chain, a reorg deeper than the confirmations), the pool's mirror
 * rows are deleted and rebuilt from the deployment block: they are a projection, so nothing is lost.
 * After each commit it rings `gaming:chain` on the bus (see GamingChainNotice).
 *
 * @param core - the platform core (db, chain, bus, deployments, config, logger).
 * @param options - `pollIntervalMs` (default 1000); `poll: false` to only sync when `syncOnce` is called.
 * @returns the follower, or undefined when no TournamentPool is deployed.
 * @example
 * const follower = startGamingChainFollower(core); // in gamingService's start
 * await follower?.stop(); // in its close
 */
export function startGamingChainFollower(
  core: Pick<PlatformCore, 'db' | 'chain' | 'deployments' | 'logger'> & {
    bus: Pick<PlatformCore['bus'], 'publish'>;
    config: Pick<PlatformCore['config'], 'CHAIN_CONFIRMATIONS'>;
  },
  options: { pollIntervalMs?: number; poll?: boolean } = {},
): GamingChainFollower | undefined {
  const deployments = core.deployments;
  const poolAddress = deployments?.contracts.tournamentPool;
  if (!deployments || !poolAddress) return undefined;
  const pool = poolAddress.toLowerCase();
  const logger = core.logger.child({ part: 'gaming-chain' });
  const cursors = createChainCursorStore({
    db: core.db,
    name: `gaming:${deployments.chainId}:${pool}`,
    startBlock: BigInt(deployments.deployBlock) - 1n,
  });
  const confirmations = core.config.CHAIN_CONFIRMATIONS;
  let verified = false;

  const deployBlock = async (): Promise<DeployBlock> => {
    const block = await core.chain.getBlock({ blockNumber: BigInt(deployments.deployBlock) });
    return { hash: block.hash, parentHash: block.parentHash };
  };
  const rewind = async (cursor: ChainCursor, reason: string) => {
    logger.warn({ reason }, 'the chain is not the one followed: rebuilding the gaming chain mirror');
    await deletePoolRows(core.db, pool);
    return (await cursors.rewind(cursor, await deployBlock())).cursor;
  };

  async function syncOnce(): Promise<number> {
    const head = await core.chain.getBlockNumber({ cacheTime: 0 });
    if (head < BigInt(deployments?.deployBlock ?? 0)) return 0;
    const safeHead = head - BigInt(confirmations - 1);
    let cursor = await cursors.read();
    if (!cursor.stored) cursor = await cursors.start(await deployBlock());
    const divergence = await findChainDivergence({
      cursor,
      head,
      thorough: !verified,
      deployBlockNumber: deployments?.deployBlock ?? 0,
      deployBlock,
      blockHashAt: (blockNumber) => blockHashAt(core.chain, blockNumber),
    });
    verified = true;
    if (divergence !== undefined) cursor = await rewind(cursor, divergence);
    let applied = 0;
    while (cursor.blockNumber < safeHead) {
      const range = nextBlockRange(cursor.blockNumber, safeHead, MAX_BLOCK_RANGE);
      const outcome = await applyRange(cursor, range);
      if (outcome === 'diverged') {
        cursor = await rewind(cursor, `block ${range.fromBlock} does not follow block ${cursor.blockNumber}`);
        continue;
      }
      applied += outcome;
      cursor = await cursors.read();
    }
    return applied;
  }

  async function applyRange(cursor: ChainCursor, range: { fromBlock: bigint; toBlock: bigint }) {
    const events = await readGamingChainEvents(core.chain, poolAddress as Address, range);
    const [first, last] = await Promise.all([
      core.chain.getBlock({ blockNumber: range.fromBlock }),
      core.chain.getBlock({ blockNumber: range.toBlock }),
    ]);
    if (cursor.blockHash !== null && (await parentHashOf(core.chain, first)) !== cursor.blockHash)
      return 'diverged' as const;
    const notices: GamingChainNotice[] = [];
    const applied = await core.db.transaction(async (tx) => {
      if (!(await cursors.lockIfUnchanged(tx, cursor))) return 0;
      for (const event of events) notices.push(...(await applyGamingChainEvent(tx, pool, event)));
      await cursors.advance(tx, range.toBlock, last.hash);
      return events.length;
    });
    for (const notice of notices) await publishNotice(notice);
    return applied;
  }

  /** The doorbell on gaming:chain; a claimed prize also reaches the winner's revenue room, like any credit. */
  async function publishNotice(notice: GamingChainNotice) {
    try {
      await core.bus.publish(GAMING_CHAIN_CHANNEL, notice);
      if (notice.prizeWei !== undefined && notice.wallet !== undefined) {
        await publishRealtime(core.bus, 'revenue:updates', {
          walletAddress: notice.wallet,
          streamType: 'gaming_prize',
          amountFarWei: notice.prizeWei,
          at: notice.at,
        });
      }
    } catch (error) {
      logger.warn({ err: error }, 'gaming chain notice not published');
    }
  }

  const loop = createPollingLoop({
    run: syncOnce,
    intervalMs: options.pollIntervalMs ?? 1_000,
    onError: (error) =>
      logger.error(
        { err: error, reason: explainChainError(error).message },
        'gaming chain sync failed; retrying',
      ),
  });
  if (options.poll !== false) loop.start();
  return { syncOnce, stop: () => loop.stop() };
}

/** Deletes the pool's mirror rows, to rebuild them from the deployment block. */
async function deletePoolRows(db: Db, pool: string) {
  await db.transaction(async (tx) => {
    await tx.delete(gamingChainDisputes).where(eq(gamingChainDisputes.poolAddress, pool));
    await tx.delete(gamingChainResults).where(eq(gamingChainResults.poolAddress, pool));
    await tx.delete(gamingChainEntries).where(eq(gamingChainEntries.poolAddress, pool));
    await tx.delete(gamingChainTournaments).where(eq(gamingChainTournaments.poolAddress, pool));
  });
}

/** A block's hash on the chain now; undefined when the chain has no such block. */
async function blockHashAt(publicClient: PublicClient, blockNumber: bigint): Promise<string | undefined> {
  const block = await publicClient.getBlock({ blockNumber }).catch((error: unknown) => {
    if (error instanceof BlockNotFoundError) return undefined;
    throw error;
  });
  return block?.hash;
}
