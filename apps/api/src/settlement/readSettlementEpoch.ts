import type { Db } from '@far/db';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../ledger/rowsOf.js';

/**
 * A scalar SQL subquery (text): the settlement epoch, the highest batch number recorded as landed
 * (`submitted` or `confirmed`), -1 before the first. It moves whenever escrow leaves for a batch.
 */
export const settlementEpochSql = sql`coalesce((
  select batch_number from settlement_batches where status in ('submitted', 'confirmed')
  order by batch_number desc limit 1), -1)::text`;

/**
 * Reads the settlement epoch (see {@link settlementEpochSql}).
 *
 * @param executor - a database or an open transaction.
 * @returns the highest landed batch number, -1n before the first.
 * @example
 * const epoch = await readSettlementEpoch(db);
 */
export async function readSettlementEpoch(executor: Db): Promise<bigint> {
  const [row] = await rowsOf<{ epoch: string }>(executor, sql`select ${settlementEpochSql} as epoch`);
  return BigInt(row?.epoch ?? '-1');
}
