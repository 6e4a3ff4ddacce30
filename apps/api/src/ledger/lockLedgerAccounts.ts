import { type Db, ledgerAccounts } from '@far/db';
import { and, eq, isNull, or, type SQL } from 'drizzle-orm';
import { type LedgerAccountRef, ledgerAccountKey } from './LedgerAccountRef.js';

export type LockedLedgerAccount = { id: string; kind: string; balanceWei: bigint };

/**
 * Creates any missing accounts and locks all of them (`SELECT … FOR UPDATE`) for the rest of the
 * transaction. Creation runs in key order and locking in id order, the same for every caller, so
 * two postings over the same accounts queue up instead of deadlocking.
 *
 * @param tx - an open transaction; the locks last until it ends.
 * @param refs - the accounts a posting touches (duplicates allowed).
 * @returns the locked rows keyed by {@link ledgerAccountKey}.
 */
export async function lockLedgerAccounts(
  tx: Db,
  refs: readonly LedgerAccountRef[],
): Promise<Map<string, LockedLedgerAccount>> {
  const unique = new Map<string, LedgerAccountRef>();
  for (const ref of refs) unique.set(ledgerAccountKey(ref), ref);
  const sorted = [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, ref]) => ref);
  if (sorted.length === 0) return new Map();

  await tx
    .insert(ledgerAccounts)
    .values(sorted.map((ref) => ({ kind: ref.kind, userId: ref.userId ?? null, nodeId: ref.nodeId ?? null })))
    .onConflictDoNothing();

  const rows = await tx
    .select({
      id: ledgerAccounts.id,
      kind: ledgerAccounts.kind,
      userId: ledgerAccounts.userId,
      nodeId: ledgerAccounts.nodeId,
      balanceWei: ledgerAccounts.balanceWei,
    })
    .from(ledgerAccounts)
    .where(or(...sorted.map(matchesRef)))
    .orderBy(ledgerAccounts.id)
    .for('update');

  const locked = new Map<string, LockedLedgerAccount>();
  for (const row of rows) {
    const ref: LedgerAccountRef = {
      kind: row.kind,
      ...(row.userId === null ? {} : { userId: row.userId }),
      ...(row.nodeId === null ? {} : { nodeId: row.nodeId }),
    };
    locked.set(ledgerAccountKey(ref), { id: row.id, kind: row.kind, balanceWei: row.balanceWei });
  }
  return locked;
}

function matchesRef(ref: LedgerAccountRef): SQL | undefined {
  return and(
    eq(ledgerAccounts.kind, ref.kind),
    ref.userId === undefined ? isNull(ledgerAccounts.userId) : eq(ledgerAccounts.userId, ref.userId),
    ref.nodeId === undefined ? isNull(ledgerAccounts.nodeId) : eq(ledgerAccounts.nodeId, ref.nodeId),
  );
}
