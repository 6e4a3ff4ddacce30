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
import type { Address } from 'viem';
import { createChainFollower } from '../../../chain/createChainFollower.js';
import { publishRealtime } from '../../../realtime/publishRealtime.js';
import type { PlatformCore } from '../../PlatformCore.js';
import { applyGamedChainEvent } from './applyGamedChainEvent.js';
import type { GamedChainOutcome } from './applyGamedSaleEvent.js';
import { GAMED_CHAIN_CHANNEL } from './GamedChainNotice.js';
import { readGamedChainEvents } from './readGamedChainEvents.js';

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
 * Follows GameLicenses' events into the chain mirror (`gamed_chain_*`) with the shared chain follower
 * (`createChainFollower`): a cursor of its own, bounded block ranges, the confirmations setting, and
 * each range's rows and cursor in one transaction. Settlements and resales also become `revenue_streams` rows (service `gamed`) and
 * `revenue:updates` messages for the credited wallets, so a studio's revenue page moves live. When the
 * chain's history changes under the cursor (a fresh dev chain, a reorg deeper than the confirmations),
 * the contract's mirror rows and the `gamed` revenue rows are deleted and rebuilt from the deployment
 * block, in the first range's transaction: they are a projection of the chain, so nothing is lost. After each commit it rings `gamed:chain`
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
  const follower = createChainFollower({
    db: core.db,
    publicClient: core.chain,
    cursorName: gamedCursorName(deployments.chainId, contract),
    deployBlock: deployments.deployBlock,
    confirmations: core.config.CHAIN_CONFIRMATIONS,
    logger,
    mirror: 'gamed chain mirror',
    ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
    readEvents: (range) => readGamedChainEvents(core.chain, contract as Address, range),
    clearMirror: (tx) => deleteMirror(tx, contract),
    async applyEvents(tx, events) {
      const outcome: GamedChainOutcome = { notices: [], credits: [] };
      for (const event of events) {
        const { notices, credits } = await applyGamedChainEvent(tx, contract, event);
        outcome.notices.push(...notices);
        outcome.credits.push(...credits);
      }
      return outcome;
    },
    onCommitted: (outcome) => publishOutcome(core, outcome, logger),
  });
  if (options.poll !== false) follower.start();
  return { syncOnce: async () => (await follower.syncOnce()).applied, stop: () => follower.stop() };
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

/**
 * Deletes the contract's mirror rows and Far GameD's revenue rows, in the transaction that rebuilds
 * them from the deployment block.
 */
async function deleteMirror(tx: Db, contract: string) {
  await tx.delete(gamedChainWithdrawals).where(eq(gamedChainWithdrawals.contractAddress, contract));
  await tx.delete(gamedChainListings).where(eq(gamedChainListings.contractAddress, contract));
  await tx.delete(gamedChainLicences).where(eq(gamedChainLicences.contractAddress, contract));
  await tx.delete(gamedChainPurchases).where(eq(gamedChainPurchases.contractAddress, contract));
  await tx.delete(gamedChainBuilds).where(eq(gamedChainBuilds.contractAddress, contract));
  await tx.delete(gamedChainGames).where(eq(gamedChainGames.contractAddress, contract));
  // One GameLicenses per network: its credits are all of the service's revenue rows.
  await tx.delete(revenueStreams).where(eq(revenueStreams.service, 'gamed'));
}
