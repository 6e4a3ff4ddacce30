import {
  type Db,
  externalLedgerAccountKinds,
  type LedgerAccountKind,
  ledgerAccounts,
  ledgerEntries,
} from '@far/db';
import { type SQLWrapper, sql } from 'drizzle-orm';
import { InsufficientBalanceError } from './InsufficientBalanceError.js';
import { type LedgerAccountRef, ledgerAccountKey } from './LedgerAccountRef.js';
import type { LockedLedgerAccount } from './lockLedgerAccounts.js';

/** One signed movement: positive credits the account, negative debits it. */
export type LedgerPosting = { account: LedgerAccountRef; amount: bigint };

/**
 * Writes a transaction's entries and moves the cached balances with them, in one statement.
 * Refuses postings that do not sum to zero (a bug, not a user error) and any that would leave an
 * internal account negative.
 *
 * @param tx - the open transaction holding the locks from {@link lockLedgerAccounts}.
 * @param transactionId - the ledger_transactions row the entries belong to.
 * @param locked - the locked accounts; every posting's account must be among them.
 * @param postings - the movements; zero amounts are skipped.
 * @param also - statements of the same operation that need no answer (the reservation row it
 *   opens or moves), sent in the same round trip as data-modifying CTEs.
 */
export async function applyLedgerPostings(
  tx: Db,
  transactionId: string,
  locked: Map<string, LockedLedgerAccount>,
  postings: readonly LedgerPosting[],
  also: readonly SQLWrapper[] = [],
): Promise<void> {
  const net = new Map<string, bigint>();
  let sum = 0n;
  for (const posting of postings) {
    const key = ledgerAccountKey(posting.account);
    net.set(key, (net.get(key) ?? 0n) + posting.amount);
    sum += posting.amount;
  }
  if (sum !== 0n) throw new Error(`ledger postings must sum to zero, got ${sum}`);

  const moves: Array<{ account: LockedLedgerAccount; amount: bigint }> = [];
  for (const [key, amount] of net) {
    if (amount === 0n) continue;
    const account = locked.get(key);
    if (account === undefined) throw new Error(`ledger account ${key} was not locked before posting`);
    const next = account.balanceWei + amount;
    if (next < 0n && !externalLedgerAccountKinds.includes(account.kind as LedgerAccountKind)) {
      throw new InsufficientBalanceError(account.kind, account.balanceWei, -amount);
    }
    moves.push({ account, amount });
  }
  if (moves.length === 0) {
    for (const statement of also) await tx.execute(statement.getSQL());
    return;
  }

  for (const move of moves) move.account.balanceWei += move.amount;
  // One round trip: the entries are inserted by a data-modifying CTE (always run to completion)
  // and the balances set from a VALUES list. Absolute values are safe: the rows are locked, so
  // nobody moved them since we read them.
  const entryRows = sql.join(
    moves.map((m) => sql`(${transactionId}::uuid, ${m.account.id}::uuid, ${m.amount.toString()}::numeric)`),
    sql`, `,
  );
  const balanceRows = sql.join(
    moves.map((m) => sql`(${m.account.id}::uuid, ${m.account.balanceWei.toString()}::numeric)`),
    sql`, `,
  );
  // Drizzle renders an embedded query builder in parentheses, which is the CTE's own syntax.
  const alsoCtes = also.map((statement, i) => sql`, ${sql.raw(`also${i}`)} as ${statement}`);
  await tx.execute(sql`
    with entries as (
      insert into ${ledgerEntries} (transaction_id, account_id, amount_wei) values ${entryRows}
    )${sql.join(alsoCtes)}
    update ${ledgerAccounts} set balance_wei = moved.balance
    from (values ${balanceRows}) as moved (id, balance)
    where ${ledgerAccounts}.id = moved.id`);
}
