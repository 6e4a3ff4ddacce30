import type { Db } from '@far/db';
import type { SQL } from 'drizzle-orm';

/**
 * The rows of a raw query on either driver: postgres-js returns an array, PGlite `{ rows }`.
 *
 * @param executor - a database or an open transaction.
 * @param query - the raw SQL.
 * @returns its rows, typed as the caller says.
 * @example
 * const [row] = await rowsOf<{ unsettled: string }>(db, sql`select 1::text as unsettled`);
 */
export async function rowsOf<R>(executor: Db, query: SQL): Promise<R[]> {
  const result = await executor.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: R[] }).rows) as R[];
}
