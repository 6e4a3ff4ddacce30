import type { Deployments } from '@far/contracts';
import type { Db } from '@far/db';
import type { PublicClient } from 'viem';
import type { Logger } from '../observability/createLogger.js';
import { applyChainEvent } from './applyChainEvent.js';
import type { ChainEventBus, ChainNotice } from './ChainNotice.js';
import type { ChainCursor, ChainCursorStore } from './createChainCursorStore.js';
import { parentHashOf } from './parentHashOf.js';
import { publishChainNotices } from './publishChainNotices.js';
import { readChainEventContexts } from './readChainEventContexts.js';
import { readChainEvents } from './readChainEvents.js';

export type ApplyChainRangeParams = {
  db: Db;
  publicClient: PublicClient;
  deployments: Pick<Deployments, 'chainId' | 'deployBlock' | 'contracts'>;
  logger: Logger;
  bus: ChainEventBus | undefined;
  cursors: ChainCursorStore;
};

/**
 * Applies the events of one block range and moves the cursor to its last block, in one database
 * transaction, then publishes their notices. Nothing is applied when another replica moved the
 * cursor first (0), or when the range's first block is not the child of the cursor's block
 * (`'diverged'`: the chain's history changed under the cursor).
 *
 * @param params - database, chain client, deployments, logger, bus and the cursor store.
 * @param cursor - the cursor the range follows.
 * @param range - the inclusive block range.
 * @returns how many events were applied, or `'diverged'`.
 * @example
 * const outcome = await applyChainRange(params, cursor, { fromBlock: 11n, toBlock: 60n });
 */
export async function applyChainRange(
  params: ApplyChainRangeParams,
  cursor: ChainCursor,
  range: { fromBlock: bigint; toBlock: bigint },
): Promise<number | 'diverged'> {
  const { db, publicClient, logger } = params;
  const { fromBlock, toBlock } = range;
  const events = await readChainEvents(publicClient, params.deployments, fromBlock, toBlock);
  const contexts = await readChainEventContexts(
    { publicClient, deployments: params.deployments, logger, idempotencyScope: cursor.idempotencyScope },
    events,
  );
  const [first, last] = await Promise.all([
    publicClient.getBlock({ blockNumber: fromBlock }),
    publicClient.getBlock({ blockNumber: toBlock }),
  ]);
  if (cursor.blockHash !== null && (await parentHashOf(publicClient, first)) !== cursor.blockHash)
    return 'diverged';
  const notices: ChainNotice[] = [];
  const applied = await db.transaction(async (tx) => {
    if (!(await params.cursors.lockIfUnchanged(tx, cursor))) return 0;
    for (const [index, event] of events.entries()) {
      const context = contexts[index];
      if (context === undefined) throw new Error('missing event context');
      notices.push(...(await applyChainEvent(tx, event, context)));
    }
    await params.cursors.advance(tx, toBlock, last.hash);
    return events.length;
  });
  if (applied > 0) {
    logger.info(
      { fromBlock: fromBlock.toString(), toBlock: toBlock.toString(), events: applied },
      'applied chain events',
    );
  }
  await publishChainNotices(params.bus, notices, logger);
  return applied;
}
