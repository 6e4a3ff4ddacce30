import {
  type Db,
  externalLedgerAccountKinds,
  ledgerAccounts,
  ledgerEntries,
  ledgerReservations,
} from '@far/db';
import { and, eq, inArray, not, sql } from 'drizzle-orm';
import { sumUnsettledAuditPay } from './sumUnsettledAuditPay.js';

export type LedgerAudit = {
  /** true when every check below came back empty (and the entries sum to zero). */
  ok: boolean;
  /** Σ of every entry ever written: must be 0 in a double-entry ledger. */
  entriesTotal: bigint;
  /** Transactions whose own entries do not sum to zero. */
  unbalancedTransactions: string[];
  /** Accounts whose cached balance_wei differs from the sum of their entries. */
  driftedAccounts: Array<{ accountId: string; kind: string; cached: bigint; fromEntries: bigint }>;
  /**
   * Internal accounts below zero, save a treasury that owes no more than the unsettled audit pay
   * (a treasurer's withdrawal took it on chain before a batch paid it; see LedgerOverdraft).
   */
  negativeAccounts: Array<{ accountId: string; kind: string; balance: bigint }>;
  /** Users whose reserved balance differs from the sum of their open reservations. */
  reservationMismatches: Array<{ userId: string; reserved: bigint; openReservations: bigint }>;
};

/**
 * Checks the ledger's invariants from the stored rows, for operators (a health check, a nightly
 * job) and for tests. Reads only; run it in a REPEATABLE READ transaction for a consistent view.
 *
 * @param executor - a database or an open transaction.
 * @returns what, if anything, is inconsistent.
 * @example
 * const audit = await auditLedger(db);
 * if (!audit.ok) logger.error({ audit }, 'ledger invariant broken');
 */
export async function auditLedger(executor: Db): Promise<LedgerAudit> {
  const [total] = await executor
    .select({ total: sql<string>`coalesce(sum(${ledgerEntries.amountWei}), 0)::text` })
    .from(ledgerEntries);
  const entriesTotal = BigInt(total?.total ?? '0');

  const unbalanced = await executor
    .select({ transactionId: ledgerEntries.transactionId })
    .from(ledgerEntries)
    .groupBy(ledgerEntries.transactionId)
    .having(sql`sum(${ledgerEntries.amountWei}) <> 0`);

  const entrySum = sql<string>`coalesce(sum(${ledgerEntries.amountWei}), 0)::text`;
  const drifted = await executor
    .select({
      accountId: ledgerAccounts.id,
      kind: ledgerAccounts.kind,
      cached: ledgerAccounts.balanceWei,
      fromEntries: entrySum,
    })
    .from(ledgerAccounts)
    .leftJoin(ledgerEntries, eq(ledgerEntries.accountId, ledgerAccounts.id))
    .groupBy(ledgerAccounts.id)
    .having(sql`${ledgerAccounts.balanceWei} <> coalesce(sum(${ledgerEntries.amountWei}), 0)`);

  const treasuryMayOwe = await sumUnsettledAuditPay(executor);
  const negative = (
    await executor
      .select({ accountId: ledgerAccounts.id, kind: ledgerAccounts.kind, balance: ledgerAccounts.balanceWei })
      .from(ledgerAccounts)
      .where(
        and(
          not(inArray(ledgerAccounts.kind, [...externalLedgerAccountKinds])),
          sql`${ledgerAccounts.balanceWei} < 0`,
        ),
      )
  ).filter((account) => account.kind !== 'treasury' || account.balance < -treasuryMayOwe);

  const openByUser = executor
    .select({
      userId: ledgerReservations.userId,
      open: sql<string>`sum(${ledgerReservations.remainingWei})`.as('open'),
    })
    .from(ledgerReservations)
    .groupBy(ledgerReservations.userId)
    .as('open_by_user');
  const mismatches = await executor
    .select({
      userId: ledgerAccounts.userId,
      reserved: ledgerAccounts.balanceWei,
      openReservations: sql<string>`coalesce(${openByUser.open}, 0)::text`,
    })
    .from(ledgerAccounts)
    .leftJoin(openByUser, eq(openByUser.userId, ledgerAccounts.userId))
    .where(
      and(
        eq(ledgerAccounts.kind, 'user_reserved'),
        sql`${ledgerAccounts.balanceWei} <> coalesce(${openByUser.open}, 0)`,
      ),
    );

  const audit: LedgerAudit = {
    ok: false,
    entriesTotal,
    unbalancedTransactions: unbalanced.map((r) => r.transactionId),
    driftedAccounts: drifted.map((r) => ({ ...r, fromEntries: BigInt(r.fromEntries) })),
    negativeAccounts: negative,
    reservationMismatches: mismatches.map((r) => ({
      userId: r.userId ?? '',
      reserved: r.reserved,
      openReservations: BigInt(r.openReservations),
    })),
  };
  audit.ok =
    entriesTotal === 0n &&
    audit.unbalancedTransactions.length === 0 &&
    audit.driftedAccounts.length === 0 &&
    audit.negativeAccounts.length === 0 &&
    audit.reservationMismatches.length === 0;
  return audit;
}
