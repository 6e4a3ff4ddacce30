import type { Db } from '@far/db';
import { sql } from 'drizzle-orm';
import { rowsOf } from './rowsOf.js';
import { unsettledChargesSql } from './unsettledChargesSql.js';

/**
 * What the ledger has charged a user that no landed settlement batch has collected yet (see
 * {@link unsettledChargesSql}). A sum over the user's unsettled charges: keep it off the
 * per-request path.
 *
 * @param executor - a database or an open transaction.
 * @param userId - users.id.
 * @param options - `asOfIndexer`: count as landed only the batches the indexer confirmed.
 * @returns the unsettled charges in wei.
 * @example
 * const unsettledWei = await readUnsettledCharges(db, userId);
 */
export async function readUnsettledCharges(
  executor: Db,
  userId: string,
  options: { asOfIndexer?: boolean } = {},
): Promise<bigint> {
  const [row] = await rowsOf<{ unsettled: string | null }>(
    executor,
    sql`select ${unsettledChargesSql(userId, options.asOfIndexer ?? false)}::text as unsettled`,
  );
  return BigInt(row?.unsettled ?? '0');
}
