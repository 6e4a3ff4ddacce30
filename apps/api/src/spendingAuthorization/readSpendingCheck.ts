import { createStatementCache, type Db } from '@far/db';
import { sql } from 'drizzle-orm';
import { chainDepositsStampSql } from '../ledger/chainDepositsStampSql.js';
import { unsettledChargesSql } from '../ledger/unsettledChargesSql.js';
import { settlementEpochSql } from '../settlement/readSettlementEpoch.js';

/** Rendered to SQL once per shape (with or without the sum), not by Drizzle per request. */
const statements = createStatementCache();

/** What the admission check reads from the database, in one statement. */
export type SpendingCheck = {
  /** The settlement epoch (highest landed batch number). */
  epoch: bigint;
  /** Changes with every deposit and withdrawal (see chainDepositsStampSql). */
  depositsStamp: string;
  /** The user's unsettled charges; null unless asked for. */
  unsettledWei: bigint | null;
};

/**
 * Reads, in ONE statement (so from one snapshot of the ledger), the settlement epoch, the deposits
 * stamp and, `withUnsettled`, the user's unsettled charges: the sum over the ledger runs only when
 * the guard cannot reuse what it remembers.
 *
 * @param tx - the reservation's transaction.
 * @param userId - users.id.
 * @param withUnsettled - whether to sum the user's unsettled charges.
 * @returns the check's inputs.
 * @example
 * const check = await readSpendingCheck(tx, user.userId, true);
 */
export async function readSpendingCheck(
  tx: Db,
  userId: string,
  withUnsettled: boolean,
): Promise<SpendingCheck> {
  const [row] = await statements.rows<{ epoch: string; deposits_stamp: string; unsettled: string | null }>(
    tx,
    withUnsettled ? 'spending-check:with-unsettled' : 'spending-check',
    () => sql`
    select ${settlementEpochSql} as epoch,
      ${chainDepositsStampSql()} as deposits_stamp,
      ${withUnsettled ? sql`${unsettledChargesSql(sql.placeholder('user_id'))}::text` : sql`null`} as unsettled
`,
    withUnsettled ? { user_id: userId } : {},
  );
  if (!row) throw new Error('spending authorization check returned no row');
  return {
    epoch: BigInt(row.epoch),
    depositsStamp: row.deposits_stamp,
    unsettledWei: row.unsettled === null ? null : BigInt(row.unsettled),
  };
}
