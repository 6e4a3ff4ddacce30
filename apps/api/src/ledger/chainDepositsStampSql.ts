import { type SQL, sql } from 'drizzle-orm';

/**
 * A scalar SQL subquery (text) that changes whenever a deposit or withdrawal is posted: the row
 * version and balance of the single `chain_deposits` account, which every one of them posts to
 * (`'none'` before the first). A cache of anything derived from deposits and withdrawals compares
 * it to know when to recompute.
 *
 * @returns the subquery, to embed in a select.
 * @example
 * const [row] = await rowsOf<{ stamp: string }>(db, sql`select ${chainDepositsStampSql()} as stamp`);
 */
export function chainDepositsStampSql(): SQL {
  return sql`coalesce((
        select xmin::text || ':' || balance_wei::text from ledger_accounts
        where kind = 'chain_deposits' and user_id is null and node_id is null), 'none')`;
}
