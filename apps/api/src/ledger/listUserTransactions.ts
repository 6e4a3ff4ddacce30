import { type Db, ledgerAccounts, ledgerEntries, ledgerTransactions, settlementBatches } from '@far/db';
import { and, desc, eq, inArray, ne, sql } from 'drizzle-orm';

export type UserTransaction = {
  id: string;
  kind: string;
  /** Net change of the user's total balance (available + reserved), signed, in wei. */
  amountWei: bigint;
  createdAt: Date;
  /** The chain transaction: the deposit/withdrawal itself, or the batch that settled a charge. */
  txHash: string | null;
};

/**
 * A user's ledger history as they see it: deposits (+), withdrawals (−) and charges (−), newest
 * first. Movements that do not change what the user owns (holding or releasing a reservation)
 * are left out.
 *
 * @param db - the database.
 * @param userId - the user.
 * @param limit - at most this many rows.
 * @returns the transactions with their net amounts and chain transaction hashes.
 */
export async function listUserTransactions(
  db: Db,
  userId: string,
  limit: number,
): Promise<UserTransaction[]> {
  const net = sql<string>`sum(${ledgerEntries.amountWei})`;
  const rows = await db
    .select({
      id: ledgerTransactions.id,
      kind: ledgerTransactions.kind,
      amountWei: net,
      createdAt: ledgerTransactions.createdAt,
      metadataTxHash: sql<string | null>`${ledgerTransactions.metadata}->>'txHash'`,
      batchTxHash: settlementBatches.txHash,
    })
    .from(ledgerEntries)
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, ledgerEntries.accountId))
    .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, ledgerEntries.transactionId))
    .leftJoin(settlementBatches, eq(settlementBatches.id, ledgerTransactions.settlementBatchId))
    .where(
      and(
        eq(ledgerAccounts.userId, userId),
        inArray(ledgerAccounts.kind, ['user_available', 'user_reserved']),
      ),
    )
    .groupBy(ledgerTransactions.id, settlementBatches.txHash)
    .having(ne(net, sql`0`))
    .orderBy(desc(ledgerTransactions.createdAt), desc(ledgerTransactions.id))
    .limit(limit);
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    amountWei: BigInt(row.amountWei),
    createdAt: row.createdAt,
    txHash: row.metadataTxHash ?? row.batchTxHash ?? null,
  }));
}
