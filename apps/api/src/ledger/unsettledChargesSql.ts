import { type Placeholder, type SQL, sql } from 'drizzle-orm';

/**
 * A scalar SQL subquery (numeric) for what the ledger has charged a user that no landed batch has
 * settled yet: the node, stakers, treasury and creator entries of the user's `capture` and
 * `settle_reservation` transactions that are in no settlement batch or in one still `pending`
 * (or, `asOfIndexer`, in one the indexer has not confirmed yet), and were not written off.
 * It reads the ledger, so it costs in proportion to the unsettled charges: callers keep it off the
 * per-request path (see createSpendingAuthorizationGuard).
 *
 * @param userId - users.id, or a placeholder for it (a cached statement's).
 * @param asOfIndexer - count as landed only the batches the indexer confirmed, to compare with the
 *   chain as of the indexer's cursor rather than as of now.
 * @returns the subquery, to embed in a select.
 * @example
 * const [row] = await db.execute(sql`select (${unsettledChargesSql(userId)})::text as unsettled`);
 */
export function unsettledChargesSql(userId: string | Placeholder, asOfIndexer = false): SQL {
  return sql`(
    select coalesce(sum(e.amount_wei), 0)
    from ledger_transactions t
    join ledger_entries e on e.transaction_id = t.id
    join ledger_accounts a on a.id = e.account_id
    left join settlement_batches b on b.id = t.settlement_batch_id
    where t.kind in ('capture', 'settle_reservation')
      and a.kind in ('node_earnings', 'stakers_pool', 'treasury', 'creator_earnings')
      and (t.settlement_batch_id is null or ${asOfIndexer ? sql`b.status <> 'confirmed'` : sql`b.status = 'pending'`})
      and not exists (select 1 from charge_write_offs w where w.charge_transaction_id = t.id)
      and exists (
        select 1 from ledger_entries ue join ledger_accounts ua on ua.id = ue.account_id
        where ue.transaction_id = t.id and ua.kind = 'user_reserved' and ua.user_id = ${userId}
      ))`;
}
