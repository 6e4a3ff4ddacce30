import {
  type Db,
  gamingChainDisputes,
  gamingChainEntries,
  gamingChainResults,
  gamingChainTournaments,
} from '@far/db';
import { eq } from 'drizzle-orm';
import type { Address } from 'viem';
import { createChainFollower } from '../../../chain/createChainFollower.js';
import { publishRealtime } from '../../../realtime/publishRealtime.js';
import type { PlatformCore } from '../../PlatformCore.js';
import { applyGamingChainEvent } from './applyGamingChainEvent.js';
import { GAMING_CHAIN_CHANNEL, type GamingChainNotice } from './GamingChainNotice.js';
import { readGamingChainEvents } from './readGamingChainEvents.js';

export type GamingChainFollower = {
  /** Applies every confirmed block after the cursor; resolves with the events applied. */
  syncOnce(): Promise<number>;
  /** Stops polling and waits for a sync in progress. */
  stop(): Promise<void>;
};

/**
 * Follows TournamentPool's events into the chain mirror (`gaming_chain_*`) with the shared chain
 * follower (`createChainFollower`: a `chain_cursors` row of its own, `gaming:<chainId>:<pool>`,
 * bounded block ranges, the confirmations setting, each range's rows and cursor in one transaction,
 * and a rebuild from the deployment block when the chain's history changes under the cursor). After
 * each commit it rings `gaming:chain` on the bus (see GamingChainNotice).
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

  const follower = createChainFollower({
    db: core.db,
    publicClient: core.chain,
    cursorName: `gaming:${deployments.chainId}:${pool}`,
    deployBlock: deployments.deployBlock,
    confirmations: core.config.CHAIN_CONFIRMATIONS,
    logger,
    mirror: 'gaming chain mirror',
    ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
    readEvents: (range) => readGamingChainEvents(core.chain, poolAddress as Address, range),
    clearMirror: (tx) => deletePoolRows(tx, pool),
    async applyEvents(tx, events) {
      const notices: GamingChainNotice[] = [];
      for (const event of events) notices.push(...(await applyGamingChainEvent(tx, pool, event)));
      return notices;
    },
    async onCommitted(notices) {
      for (const notice of notices) await publishNotice(notice);
    },
  });
  if (options.poll !== false) follower.start();
  return { syncOnce: async () => (await follower.syncOnce()).applied, stop: () => follower.stop() };
}

/** Deletes the pool's mirror rows, in the transaction that rebuilds them from the deployment block. */
async function deletePoolRows(tx: Db, pool: string) {
  await tx.delete(gamingChainDisputes).where(eq(gamingChainDisputes.poolAddress, pool));
  await tx.delete(gamingChainResults).where(eq(gamingChainResults.poolAddress, pool));
  await tx.delete(gamingChainEntries).where(eq(gamingChainEntries.poolAddress, pool));
  await tx.delete(gamingChainTournaments).where(eq(gamingChainTournaments.poolAddress, pool));
}
