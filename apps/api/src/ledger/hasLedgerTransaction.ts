import { type Db, ledgerTransactions } from '@far/db';
import { eq, like } from 'drizzle-orm';

/**
 * Whether the ledger already holds a transaction with this idempotency key, or with a key under
 * this prefix (`<prefix>:…`, for postings split by what balances held at the time, which a replay
 * cannot re-derive).
 *
 * @param executor - a database or an open transaction.
 * @param key - `{ idempotencyKey }` for an exact key, `{ idempotencyKeyPrefix }` for a prefix.
 * @returns true when one exists.
 * @example
 * if (await hasLedgerTransaction(tx, { idempotencyKey: 'chain:0xabc:0' })) return;
 */
export async function hasLedgerTransaction(
  executor: Db,
  key: { idempotencyKey: string } | { idempotencyKeyPrefix: string },
): Promise<boolean> {
  const [found] = await executor
    .select({ id: ledgerTransactions.id })
    .from(ledgerTransactions)
    .where(
      'idempotencyKey' in key
        ? eq(ledgerTransactions.idempotencyKey, key.idempotencyKey)
        : like(ledgerTransactions.idempotencyKey, `${key.idempotencyKeyPrefix}:%`),
    )
    .limit(1);
  return found !== undefined;
}
