import {
  type CachedStatement,
  type Db,
  externalLedgerAccountKinds,
  type LedgerAccountKind,
  ledgerAccounts,
  ledgerEntries,
} from '@far/db';
import { sql } from 'drizzle-orm';
import { addStatementValues } from './addStatementValues.js';
import { InsufficientBalanceError } from './InsufficientBalanceError.js';
import { type LedgerAccountRef, ledgerAccountKey } from './LedgerAccountRef.js';
import { ledgerStatements } from './ledgerStatements.js';
import type { LockedLedgerAccount } from './lockLedgerAccounts.js';
import { answeredAtCommit } from './transactionWithPipelinedCommit.js';

/** One signed movement: positive credits the account, negative debits it. */
export type LedgerPosting = { account: LedgerAccountRef; amount: bigint };

/**
 * The one exception to "internal accounts never go negative": the treasury may owe up to the audit
 * pay no settlement batch has paid yet (sumUnsettledAuditPay), because the contract's treasury still
 * holds that pay and a treasurer's withdrawal takes it (recordTreasuryWithdrawal). Later batches pay
 * it out of their treasury share, which pays the debt down.
 */
export type LedgerOverdraft = {
  account: { kind: 'treasury' };
  /** How far below zero the account may end, wei (≥ 0). */
  upToWei: bigint;
};

/**
 * Writes a transaction's entries and moves the cached balances with them, in one statement.
 * Refuses postings that do not sum to zero (a bug, not a user error) and any that would leave an
 * internal account negative, save the one debt an `overdraft` allows.
 *
 * @param tx - the open transaction holding the locks from {@link lockLedgerAccounts}.
 * @param transactionId - the ledger_transactions row the entries belong to.
 * @param locked - the locked accounts; every posting's account must be among them.
 * @param postings - the movements; zero amounts are skipped.
 * @param also - statements of the same operation that need no answer (the reservation row it
 *   opens or moves), sent in the same round trip as data-modifying CTEs: each a plain INSERT,
 *   UPDATE or DELETE without a WITH clause, its placeholders' names its own.
 * @param overdraft - lets that account end at most `upToWei` below zero (see {@link LedgerOverdraft}).
 */
export async function applyLedgerPostings(
  tx: Db,
  transactionId: string,
  locked: Map<string, LockedLedgerAccount>,
  postings: readonly LedgerPosting[],
  also: readonly CachedStatement[] = [],
  overdraft?: LedgerOverdraft,
): Promise<void> {
  if (overdraft !== undefined && overdraft.upToWei < 0n) {
    throw new Error(`ledger overdraft must be >= 0, got ${overdraft.upToWei}`);
  }
  const overdrawnKey = overdraft === undefined ? undefined : ledgerAccountKey(overdraft.account);
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
    // Only a debit is checked: a credit to a treasury in debt (a charge's share) pays it down.
    const floor = key === overdrawnKey ? -(overdraft?.upToWei ?? 0n) : 0n;
    if (
      amount < 0n &&
      next < floor &&
      !externalLedgerAccountKinds.includes(account.kind as LedgerAccountKind)
    ) {
      throw new InsufficientBalanceError(account.kind, account.balanceWei, -amount);
    }
    moves.push({ account, amount });
  }
  if (moves.length === 0) {
    for (const statement of also) await ledgerStatements.run(tx, statement);
    return;
  }

  for (const move of moves) move.account.balanceWei += move.amount;
  const values: Record<string, unknown> = { posting_transaction: transactionId };
  for (const [i, move] of moves.entries()) {
    values[`posting_account${i}`] = move.account.id;
    values[`posting_amount${i}`] = move.amount.toString();
    values[`posting_balance${i}`] = move.account.balanceWei.toString();
  }
  addStatementValues(values, also, 'posting');
  const placeholder = (name: string, i: number) => sql.placeholder(`posting_${name}${i}`);
  // One round trip: the entries are inserted by a data-modifying CTE (always run to completion)
  // and the balances set from a VALUES list. Absolute values are safe: the rows are locked, so
  // nobody moved them since we read them.
  const build = () => {
    const entryRows = sql.join(
      moves.map(
        (_, i) =>
          sql`(${sql.placeholder('posting_transaction')}::uuid, ${placeholder('account', i)}::uuid, ${placeholder('amount', i)}::numeric)`,
      ),
      sql`, `,
    );
    const balanceRows = sql.join(
      moves.map((_, i) => sql`(${placeholder('account', i)}::uuid, ${placeholder('balance', i)}::numeric)`),
      sql`, `,
    );
    // Drizzle renders an embedded query builder in parentheses, which is the CTE's own syntax.
    const alsoCtes = also.map((statement, i) => sql`, ${sql.raw(`also${i}`)} as ${statement.build()}`);
    return sql`
    with entries as (
      insert into ${ledgerEntries} (transaction_id, account_id, amount_wei) values ${entryRows}
    )${sql.join(alsoCtes)}
    update ${ledgerAccounts} set balance_wei = moved.balance
    from (values ${balanceRows}) as moved (id, balance)
    where ${ledgerAccounts}.id = moved.id`;
  };
  // Rendered once per shape: how many accounts move, and the keys of the statements sent along.
  // Drizzle rendered it afresh every time, ~0.2 ms of CPU.
  // Its answer holds nothing we read: in a pipelined transaction the COMMIT follows it at once.
  await answeredAtCommit(
    tx,
    ledgerStatements.rows(
      tx,
      `postings:${moves.length}|${also.map((statement) => statement.key).join('|')}`,
      build,
      values,
    ),
  );
}
