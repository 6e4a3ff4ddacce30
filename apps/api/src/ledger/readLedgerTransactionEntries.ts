import { type Db, type LedgerAccountKind, ledgerAccounts, ledgerEntries } from '@far/db';
import { eq } from 'drizzle-orm';

export type LedgerEntryView = {
  kind: LedgerAccountKind;
  userId: string | null;
  nodeId: string | null;
  amount: bigint;
};

/**
 * The entries of one ledger transaction with the accounts they hit; replays rebuild their
 * original result from these rather than from anything that may have changed since.
 *
 * @param executor - a database or an open transaction.
 * @param transactionId - the ledger transaction.
 * @returns one row per entry.
 */
export async function readLedgerTransactionEntries(
  executor: Db,
  transactionId: string,
): Promise<LedgerEntryView[]> {
  return executor
    .select({
      kind: ledgerAccounts.kind,
      userId: ledgerAccounts.userId,
      nodeId: ledgerAccounts.nodeId,
      amount: ledgerEntries.amountWei,
    })
    .from(ledgerEntries)
    .innerJoin(ledgerAccounts, eq(ledgerEntries.accountId, ledgerAccounts.id))
    .where(eq(ledgerEntries.transactionId, transactionId))
    .orderBy(ledgerEntries.id);
}

/** Sum of the entries on accounts of `kind` (0n when there are none). */
export function sumEntriesOfKind(entries: readonly LedgerEntryView[], kind: LedgerAccountKind): bigint {
  return entries.filter((e) => e.kind === kind).reduce((total, e) => total + e.amount, 0n);
}
