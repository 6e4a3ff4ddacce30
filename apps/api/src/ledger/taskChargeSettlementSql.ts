import { type SQL, sql } from 'drizzle-orm';

/**
 * How far a task's charge has come on chain, as SQL to embed in a select: `'settled'` once the
 * settlement batch holding the task's closing posting (`task:<id>:settle`) was mined,
 * `'written_off'` when that charge was reversed, else `'pending'` (in no batch yet, or in one not
 * mined). The ledger owns these tables; other modules ask through this.
 *
 * @param taskId - a column or value holding inference_tasks.id.
 * @returns a text expression.
 * @example
 * db.select({ status: taskChargeSettlementSql(fartwinCharges.taskId) }).from(fartwinCharges)
 */
export function taskChargeSettlementSql(taskId: SQL | unknown): SQL<'settled' | 'written_off' | 'pending'> {
  return sql<'settled' | 'written_off' | 'pending'>`(
    select case
      when exists (select 1 from charge_write_offs w where w.charge_transaction_id = t.id) then 'written_off'
      when b.status in ('submitted', 'confirmed') then 'settled'
      else 'pending'
    end
    from ledger_transactions t
    left join settlement_batches b on b.id = t.settlement_batch_id
    where t.idempotency_key = 'task:' || ${taskId} || ':settle'
  )`;
}
