import {
  type Db,
  gamedChainBuilds,
  gamedChainGames,
  gamedChainLicences,
  gamedChainListings,
  gamedChainPurchases,
  gamedChainWithdrawals,
  revenueStreams,
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
import { applyGamedChainEvent } from './applyGamedChainEvent.js';
import type { GamedChainOutcome } from './applyGamedSaleEvent.js';
import { GAMED_CHAIN_CHANNEL } from './GamedChainNotice.js';
import { readGamedChainEvents } from './readGamedChainEvents.js';

/** Most blocks per getLogs call (public BSC endpoints refuse wide ranges). */
const MAX_BLOCK_RANGE = 2_000;

/** What the follower needs of the platform core (tests pass a subset). */
export type GamedChainFollowerCore = Pick<PlatformCore, 'db' | 'chain' | 'deployments' | 'logger'> & {
  bus: Pick<PlatformCore['bus'], 'publish'>;
  config: Pick<PlatformCore['config'], 'CHAIN_CONFIRMATIONS'>;
};

export type GamedChainFollower = {
  /** Applies every confirmed block after the cursor; resolves with the events applied. */
  syncOnce(): Promise<number>;
  /** Stops polling and waits for a sync in progress. */
  stop(): Promise<void>;
};

/**
 * The `chain_cursors` row the follower keeps for a deployment's GameLicenses (`readLicenseHolder`
 * reads it to know whether the mirror is current).
 *
 * @param chainId - the deployment's chain.
 * @param contract - the GameLicenses address.
 * @returns `gamed:<chainId>:<lowercase address>`.
 * @example
 * gamedCursorName(31337, '0xAbc…') // 'gamed:31337:0xabc…'
 */
export function gamedCursorName(chainId: number, contract: string): string {
  return `gamed:${chainId}:${contract.toLowerCase()}`;
}

/**
 * Follows GameLicenses' events into the chain mirror (`gamed_chain_*`) with the core indexer's parts: a
 * cursor of its own, bounded block ranges, the confirmations setting, and each range's rows and cursor
 * in one transaction. Settlements and resales also become `revenue_streams` rows (service `gamed`) and
 * `revenue:updates` messages for the credited wallets, so a studio's revenue page moves live. When the
 * chain's history changes under the cursor (a fresh dev chain, a reorg deeper than the confirmations),
 * the contract's mirror rows and the `gamed` revenue rows are deleted and rebuilt from the deployment
 * block: they are a projection of the chain, so nothing is lost. After each commit it rings `gamed:chain`
 * on the bus for every sale, refund, settlement, listing and build (see GamedChainNotice).
 *
 * @param core - the platform core (db, chain, bus, deployments, config, logger).
 * @param options - `pollIntervalMs` (default 1000); `poll: false` to only sync when `syncOnce` is called.
 * @returns the follower, or undefined when no GameLicenses is deployed.
 * @example
 * const follower = startGamedChainFollower(core); // in gamedService's start
 * await follower?.stop(); // in its close
 */
export function startGamedChainFollower(
  core: GamedChainFollowerCore,
  options: { pollIntervalMs?: number; poll?: boolean } = {},
): GamedChainFollower | undefined {
  const deployments = core.deployments;
  const address = deployments?.contracts.gameLicenses;
  if (!deployments || !address) return undefined;
  const contract = address.toLowerCase();
  const logger = core.logger.child({ part: 'gamed-chain' });
  const cursors = createChainCursorStore({
    db: core.db,
    name: gamedCursorName(deployments.chainId, contract),
    startBlock: BigInt(deployments.deployBlock) - 1n,
  });
  const confirmations = core.config.CHAIN_CONFIRMATIONS;
  let verified = false;

  const deployBlock = async (): Promise<DeployBlock> => {
    const block = await core.chain.getBlock({ blockNumber: BigInt(deployments.deployBlock) });
    return { hash: block.hash, parentHash: block.parentHash };
  };
  const rewind = async (cursor: ChainCursor, reason: string) => {
    logger.warn({ reason }, 'the chain is not the one followed: rebuilding the gamed chain mirror');
    await deleteMirror(core.db, contract);
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
    const events = await readGamedChainEvents(core.chain, contract as Address, range);
    const [first, last] = await Promise.all([
      core.chain.getBlock({ blockNumber: range.fromBlock }),
      core.chain.getBlock({ blockNumber: range.toBlock }),
    ]);
    if (cursor.blockHash !== null && (await parentHashOf(core.chain, first)) !== cursor.blockHash)
      return 'diverged' as const;
    const outcome: GamedChainOutcome = { notices: [], credits: [] };
    const applied = await core.db.transaction(async (tx) => {
      if (!(await cursors.lockIfUnchanged(tx, cursor))) return 0;
      for (const event of events) {
        const { notices, credits } = await applyGamedChainEvent(tx, contract, event);
        outcome.notices.push(...notices);
        outcome.credits.push(...credits);
      }
      await cursors.advance(tx, range.toBlock, last.hash);
      return events.length;
    });
    await publishOutcome(core, outcome, logger);
    return applied;
  }

  const loop = createPollingLoop({
    run: syncOnce,
    intervalMs: options.pollIntervalMs ?? 1_000,
    onError: (error) =>
      logger.error(
        { err: error, reason: explainChainError(error).message },
        'gamed chain sync failed; retrying',
      ),
  });
  if (options.poll !== false) loop.start();
  return { syncOnce, stop: () => loop.stop() };
}

/** Rings the notices and publishes the credits of a committed range; a failed publish is logged, not retried. */
async function publishOutcome(
  core: GamedChainFollowerCore,
  outcome: GamedChainOutcome,
  logger: PlatformCore['logger'],
) {
  const warn = (error: unknown) => logger.warn({ err: error }, 'gamed chain notice not published');
  for (const notice of outcome.notices)
    await publishRealtime(core.bus, GAMED_CHAIN_CHANNEL, notice).catch(warn);
  for (const credit of outcome.credits)
    await publishRealtime(core.bus, 'revenue:updates', credit).catch(warn);
}

/** Deletes the contract's mirror rows and Far GameD's revenue rows, to rebuild them from the deployment block. */
async function deleteMirror(db: Db, contract: string) {
  await db.transaction(async (tx) => {
    await tx.delete(gamedChainWithdrawals).where(eq(gamedChainWithdrawals.contractAddress, contract));
    await tx.delete(gamedChainListings).where(eq(gamedChainListings.contractAddress, contract));
    await tx.delete(gamedChainLicences).where(eq(gamedChainLicences.contractAddress, contract));
    await tx.delete(gamedChainPurchases).where(eq(gamedChainPurchases.contractAddress, contract));
    await tx.delete(gamedChainBuilds).where(eq(gamedChainBuilds.contractAddress, contract));
    await tx.delete(gamedChainGames).where(eq(gamedChainGames.contractAddress, contract));
    // One GameLicenses per network: its credits are all of the service's revenue rows.
    await tx.delete(revenueStreams).where(eq(revenueStreams.service, 'gamed'));
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
