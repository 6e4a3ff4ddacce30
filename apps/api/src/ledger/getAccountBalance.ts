import { type Db, ledgerAccounts } from '@far/db';
import { and, eq, isNull } from 'drizzle-orm';
import { type LedgerAccountRef, ledgerAccountRefSchema } from './LedgerAccountRef.js';
import { parseLedgerParams } from './parseLedgerParams.js';

/**
 * The balance of any one ledger account (0n if it does not exist yet), e.g. a node's earnings,
 * the stakers' pool or the treasury.
 *
 * @param executor - a database or an open transaction.
 * @param ref - the account.
 * @returns its balance in wei.
 * @example
 * const pool = await getAccountBalance(db, { kind: 'stakers_pool' });
 */
export async function getAccountBalance(executor: Db, ref: LedgerAccountRef): Promise<bigint> {
  const r = parseLedgerParams(ledgerAccountRefSchema, ref, 'ref');
  const [row] = await executor
    .select({ balanceWei: ledgerAccounts.balanceWei })
    .from(ledgerAccounts)
    .where(
      and(
        eq(ledgerAccounts.kind, r.kind),
        r.userId === undefined ? isNull(ledgerAccounts.userId) : eq(ledgerAccounts.userId, r.userId),
        r.nodeId === undefined ? isNull(ledgerAccounts.nodeId) : eq(ledgerAccounts.nodeId, r.nodeId),
      ),
    );
  return row?.balanceWei ?? 0n;
}
