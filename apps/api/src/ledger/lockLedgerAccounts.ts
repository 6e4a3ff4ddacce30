import { type Db, type LedgerAccountKind, ledgerAccounts } from '@far/db';
import { and, eq, isNull, or, type SQL, sql } from 'drizzle-orm';
import { groupLocksOf } from './groupLocks.js';
import { type LedgerAccountRef, ledgerAccountKey } from './LedgerAccountRef.js';

export type LockedLedgerAccount = { id: string; kind: string; balanceWei: bigint };

/**
 * Locks the accounts a posting touches (`SELECT … FOR UPDATE`, in id order) for the rest of the
 * transaction, creating any that do not exist yet. Every caller locks in id order, so two postings
 * over the same accounts queue up instead of deadlocking.
 *
 * Accounts are never deleted, so after a user's or node's first posting this is one statement: it
 * locks the accounts only if all of them exist, and otherwise locks nothing. Then, as on a first
 * posting, the missing ones are inserted (`ON CONFLICT DO NOTHING`, in key order) before anything
 * is locked, so a transaction never waits on another's new account while holding a lock it needs.
 *
 * @param tx - an open transaction; the locks last until it ends.
 * @param refs - the accounts a posting touches (duplicates allowed).
 * @returns the locked rows keyed by {@link ledgerAccountKey}.
 * @example
 * const locked = await lockLedgerAccounts(tx, [{ kind: 'user_available', userId }, { kind: 'treasury' }]);
 */
export async function lockLedgerAccounts(
  tx: Db,
  refs: readonly LedgerAccountRef[],
): Promise<Map<string, LockedLedgerAccount>> {
  const sorted = sortedAccountRefs(refs);
  if (sorted.length === 0) return new Map();

  // In a group commit whose transaction already holds them: no statement (see lendGroupLocks).
  const group = groupLocksOf(tx)?.accounts;
  if (group) {
    const held = new Map<string, LockedLedgerAccount>();
    for (const ref of sorted) {
      const key = ledgerAccountKey(ref);
      const account = group.get(key);
      if (account) held.set(key, account);
    }
    if (held.size === sorted.length) return held;
  }

  let locked = lockedAccountsOf(await selectAccountsForUpdate(tx, sorted, { onlyIfAllExist: true }));
  if (locked.size !== sorted.length) {
    await tx
      .insert(ledgerAccounts)
      .values(
        sorted.map((ref) => ({ kind: ref.kind, userId: ref.userId ?? null, nodeId: ref.nodeId ?? null })),
      )
      .onConflictDoNothing();
    locked = lockedAccountsOf(await selectAccountsForUpdate(tx, sorted, { onlyIfAllExist: false }));
  }
  // The group's later postings must start from these rows, which this posting will move. An
  // account the group already holds keeps its one object (its balance refreshed from the row, which
  // reflects every posting of this transaction), so no caller is left holding a copy that a later
  // posting would move while the group's map stays behind.
  if (group)
    for (const [key, account] of locked) {
      const held = group.get(key);
      if (held) {
        held.balanceWei = account.balanceWei;
        locked.set(key, held);
      } else group.set(key, account);
    }
  return locked;
}

/**
 * The refs without duplicates, in key order (the order their rows are created in).
 *
 * @param refs - the accounts a posting touches.
 * @returns each account once, sorted by {@link ledgerAccountKey}.
 */
export function sortedAccountRefs(refs: readonly LedgerAccountRef[]): LedgerAccountRef[] {
  const unique = new Map<string, LedgerAccountRef>();
  for (const ref of refs) unique.set(ledgerAccountKey(ref), ref);
  return [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, ref]) => ref);
}

/**
 * The `SELECT … FOR UPDATE` of the accounts, in id order, as a query builder (so it can also run
 * as a CTE of a larger statement, see insertTransactionRowAndLock).
 *
 * @param tx - the open transaction.
 * @param sorted - the accounts, from {@link sortedAccountRefs}.
 * @param options - `onlyIfAllExist`: lock nothing unless every account exists; `also`: a further
 *   condition, evaluated once before any row is locked; `placeholders`: the i-th account's ids
 *   become placeholders `u<i>` / `n<i>` (for a statement cache, see {@link accountPlaceholderValues}).
 * @returns the query; its rows are read by {@link lockedAccountsOf}.
 */
export function selectAccountsForUpdate(
  tx: Db,
  sorted: readonly LedgerAccountRef[],
  options: { onlyIfAllExist: boolean; also?: SQL; placeholders?: boolean },
) {
  const matches = or(...sorted.map((ref, i) => matchesRef(ref, options.placeholders ? i : undefined)));
  return tx
    .select({
      id: ledgerAccounts.id,
      kind: ledgerAccounts.kind,
      userId: ledgerAccounts.userId,
      nodeId: ledgerAccounts.nodeId,
      balanceWei: ledgerAccounts.balanceWei,
    })
    .from(ledgerAccounts)
    .where(
      and(
        matches,
        // The unqualified subquery reads ledger_accounts afresh (it is not correlated).
        options.onlyIfAllExist
          ? sql`(select count(*) from ${ledgerAccounts} where ${matches}) = ${sorted.length}`
          : undefined,
        options.also,
      ),
    )
    .orderBy(ledgerAccounts.id)
    .for('update');
}

/** A locked account row as {@link selectAccountsForUpdate} selects it. */
export type LockedAccountRow = {
  id: string;
  kind: LedgerAccountKind;
  userId: string | null;
  nodeId: string | null;
  balanceWei: bigint;
};

/** A locked account as a raw statement returns it (the balance cast to text: no precision lost). */
export type RawLockedAccountRow = {
  id: string;
  kind: LedgerAccountKind;
  user_id: string | null;
  node_id: string | null;
  balance_wei: string;
};

/**
 * A raw statement's locked account, as {@link lockedAccountsOf} reads it.
 *
 * @param raw - the row, its balance as text.
 * @returns the row with its balance in wei.
 */
export function lockedAccountRowOf(raw: RawLockedAccountRow): LockedAccountRow {
  return {
    id: raw.id,
    kind: raw.kind,
    userId: raw.user_id,
    nodeId: raw.node_id,
    balanceWei: BigInt(raw.balance_wei),
  };
}

/**
 * The locked rows keyed by {@link ledgerAccountKey}.
 *
 * @param rows - what {@link selectAccountsForUpdate} returned.
 * @returns the map postings are applied to.
 */
export function lockedAccountsOf(rows: readonly LockedAccountRow[]): Map<string, LockedLedgerAccount> {
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

/** `placeholder`: the account's index, when its ids are to be placeholders. */
function matchesRef(ref: LedgerAccountRef, placeholder: number | undefined): SQL | undefined {
  const id = (prefix: string, value: string) =>
    placeholder === undefined ? value : sql.placeholder(`${prefix}${placeholder}`);
  return and(
    eq(ledgerAccounts.kind, ref.kind),
    ref.userId === undefined ? isNull(ledgerAccounts.userId) : eq(ledgerAccounts.userId, id('u', ref.userId)),
    ref.nodeId === undefined ? isNull(ledgerAccounts.nodeId) : eq(ledgerAccounts.nodeId, id('n', ref.nodeId)),
  );
}

/**
 * What fills a statement built with `placeholders` (see {@link selectAccountsForUpdate}), and the
 * key of its shape: the accounts' kinds and which ids each has.
 *
 * @param sorted - the accounts, from {@link sortedAccountRefs}.
 * @returns the shape's key and the placeholders' values.
 */
export function accountPlaceholderValues(sorted: readonly LedgerAccountRef[]): {
  shape: string;
  values: Record<string, string>;
} {
  const values: Record<string, string> = {};
  let shape = '';
  sorted.forEach((ref, i) => {
    shape += `${ref.kind}${ref.userId === undefined ? '' : '+u'}${ref.nodeId === undefined ? '' : '+n'},`;
    if (ref.userId !== undefined) values[`u${i}`] = ref.userId;
    if (ref.nodeId !== undefined) values[`n${i}`] = ref.nodeId;
  });
  return { shape, values };
}
