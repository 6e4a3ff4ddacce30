import type { Db } from '@far/db';
import type { PublicClient } from 'viem';
import type { Bus } from '../../../bus/Bus.js';
import { type ChainFollower, createChainFollower } from '../../../chain/createChainFollower.js';
import type { Logger } from '../../../observability/createLogger.js';
import { applyDesciChainEvent } from './applyDesciChainEvent.js';
import { clearDesciMirror } from './clearDesciMirror.js';
import { publishDesciChainUpdates } from './publishDesciChainUpdates.js';
import { type DesciContracts, readDesciChainEvents } from './readDesciChainEvents.js';

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

export type DesciChainFollower = ChainFollower;

/**
 * Follows ResearchEscrow and PublicationRegistry into the desci chain mirror (`desci_chain_*`) with
 * the shared chain follower (`createChainFollower`: its own `chain_cursors` row
 * `desci:<chainId>:<escrow>`, confirmations, bounded ranges, rewind and rebuild when the chain's
 * history changes). Here: each event is applied with its block's time, the mirror is cleared before a
 * rebuild (`revenue_streams` rows stay, like the ledger's postings), and after each committed range
 * the touched proposals are announced on `desci:funding`.
 *
 * @param options - database, chain client, bus, contracts, deployment and tuning.
 * @returns `{ start, stop, syncOnce }`.
 * @example
 * const follower = createDesciChainFollower({ db, publicClient, bus, contracts, treasury, chainId, deployBlock, logger });
 * follower.start();
 */
export function createDesciChainFollower(options: CreateDesciChainFollowerOptions): DesciChainFollower {
  const { db, publicClient, contracts } = options;
  const logger = options.logger.child({ component: 'desci-chain-follower' });
  const mirror = {
    escrow: contracts.researchEscrow.toLowerCase(),
    registry: contracts.publicationRegistry.toLowerCase(),
  };
  const treasury = options.treasury.toLowerCase();
  return createChainFollower({
    db,
    publicClient,
    cursorName: `desci:${options.chainId}:${mirror.escrow}`,
    deployBlock: options.deployBlock,
    confirmations: options.confirmations ?? 1,
    logger,
    mirror: 'desci chain mirror',
    ...(options.maxBlockRange ? { maxBlockRange: options.maxBlockRange } : {}),
    ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
    async readEvents(range) {
      const events = await readDesciChainEvents(publicClient, contracts, range);
      const blockTimes = new Map<bigint, Date>();
      for (const blockNumber of new Set(events.map((event) => event.blockNumber))) {
        const block = await publicClient.getBlock({ blockNumber });
        blockTimes.set(blockNumber, new Date(Number(block.timestamp) * 1000));
      }
      return events.map((event) => ({ event, blockTime: blockTimes.get(event.blockNumber) ?? new Date(0) }));
    },
    clearMirror: (tx) => clearDesciMirror(tx, mirror),
    async applyEvents(tx, events) {
      // The proposals whose pages should refresh, with the last event that touched each.
      const touched = new Map<bigint, string>();
      for (const { event, blockTime } of events) {
        const proposalId = await applyDesciChainEvent({ tx, ...mirror, treasury, blockTime }, event);
        if (proposalId !== undefined) touched.set(proposalId, event.eventName);
      }
      return touched;
    },
    onCommitted: (touched) =>
      publishDesciChainUpdates({ db, bus: options.bus, escrow: mirror.escrow, logger }, touched),
  });
}
