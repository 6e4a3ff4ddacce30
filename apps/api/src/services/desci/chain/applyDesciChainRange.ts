import type { Db } from '@far/db';
import type { PublicClient } from 'viem';
import type { ChainCursor, ChainCursorStore } from '../../../indexer/createChainCursorStore.js';
import { parentHashOf } from '../../../indexer/parentHashOf.js';
import type { Logger } from '../../../observability/createLogger.js';
import { applyDesciChainEvent } from './applyDesciChainEvent.js';
import { clearDesciMirror } from './clearDesciMirror.js';
import { type DesciContracts, readDesciChainEvents } from './readDesciChainEvents.js';

export type ApplyDesciChainRangeParams = {
  db: Db;
  publicClient: PublicClient;
  contracts: DesciContracts;
  /** The deployment's treasury (credited with the treasury part of release fees). */
  treasury: string;
  cursors: ChainCursorStore;
  /** The cursor's position before the deployment block: a cursor there starts the mirror afresh. */
  startBlock: bigint;
  logger: Logger;
};

/** What one range did: the events applied and the proposals whose pages should refresh, with the last cause. */
export type DesciRangeOutcome = { applied: number; touched: Map<bigint, string> } | 'diverged';

/**
 * Applies the desci events of one block range and moves the follower's cursor to its last block, in
 * one database transaction. A cursor still before the deployment block (first sync, or a rewind) clears
 * the mirror in that same transaction, so a crash between a rewind and the re-index leaves nothing
 * stale. Nothing is applied when another replica moved the cursor first, or when the range does not
 * follow the cursor's block (`'diverged'`).
 *
 * @param params - database, chain, contracts, treasury, cursor store and logger.
 * @param cursor - the cursor the range follows.
 * @param range - the inclusive block range.
 * @returns the events applied and the proposals touched, or `'diverged'`.
 * @example
 * const outcome = await applyDesciChainRange(params, cursor, { fromBlock: 11n, toBlock: 60n });
 */
export async function applyDesciChainRange(
  params: ApplyDesciChainRangeParams,
  cursor: ChainCursor,
  range: { fromBlock: bigint; toBlock: bigint },
): Promise<DesciRangeOutcome> {
  const { db, publicClient, contracts } = params;
  const events = await readDesciChainEvents(publicClient, contracts, range);
  const blockTimes = new Map<bigint, Date>();
  for (const blockNumber of new Set(events.map((event) => event.blockNumber))) {
    const block = await publicClient.getBlock({ blockNumber });
    blockTimes.set(blockNumber, new Date(Number(block.timestamp) * 1000));
  }
  const [first, last] = await Promise.all([
    publicClient.getBlock({ blockNumber: range.fromBlock }),
    publicClient.getBlock({ blockNumber: range.toBlock }),
  ]);
  if (cursor.blockHash !== null && (await parentHashOf(publicClient, first)) !== cursor.blockHash)
    return 'diverged';
  const mirror = {
    escrow: contracts.researchEscrow.toLowerCase(),
    registry: contracts.publicationRegistry.toLowerCase(),
  };
  const touched = new Map<bigint, string>();
  const applied = await db.transaction(async (tx) => {
    if (!(await params.cursors.lockIfUnchanged(tx, cursor))) return 0;
    if (cursor.blockNumber === params.startBlock) await clearDesciMirror(tx, mirror);
    for (const event of events) {
      const blockTime = blockTimes.get(event.blockNumber) ?? new Date(0);
      const context = { tx, ...mirror, treasury: params.treasury.toLowerCase(), blockTime };
      const proposalId = await applyDesciChainEvent(context, event);
      if (proposalId !== undefined) touched.set(proposalId, event.eventName);
    }
    await params.cursors.advance(tx, range.toBlock, last.hash);
    return events.length;
  });
  if (applied > 0) {
    params.logger.info(
      { fromBlock: range.fromBlock.toString(), toBlock: range.toBlock.toString(), events: applied },
      'applied desci chain events',
    );
  }
  return { applied, touched };
}
