import {
  type Db,
  inferenceTasks,
  ledgerAccounts,
  ledgerEntries,
  ledgerTransactions,
  settlementBatches,
} from '@far/db';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { ActivityPageRequest } from '../account/ServiceActivity.js';
import { activityOrderSql } from '../account/selectActivityPage.js';

export type UserTransaction = {
  id: string;
  kind: string;
  /**
   * What the movement was for: `platform` for deposits and withdrawals, `fartwin` for a charge of
   * a twin chat (a `twin:` model), `inference` for the other charges.
   */
  service: 'platform' | 'inference' | 'fartwin';
  /** Net change of the user's total balance (available + reserved), signed, in wei. */
  amountWei: bigint;
  /** Whole milliseconds, as the history pages by it. */
  createdAt: Date;
  /** The chain transaction: the deposit/withdrawal itself, or the batch that settled a charge. */
  txHash: string | null;
};

/**
 * A user's ledger history as they see it: deposits (+), withdrawals (−) and charges (−), newest
 * first by (time in whole milliseconds, id), the order the account history pages by. Movements
 * that do not change what the user owns (holding or releasing a reservation) are left out.
 *
 * @param db - the database.
 * @param userId - the user.
 * @param page - at most `limit` rows after the cursor `before`.
 * @returns the transactions with their net amounts, service and chain transaction hashes.
 * @example
 * const rows = await listUserTransactions(db, userId, { limit: 50, before: undefined });
 */
export async function listUserTransactions(
  db: Db,
  userId: string,
  page: ActivityPageRequest,
): Promise<UserTransaction[]> {
  const net = sql<string>`sum(${ledgerEntries.amountWei})`;
  const order = activityOrderSql(
    sql`${ledgerTransactions.createdAt}`,
    sql`${ledgerTransactions.id}::text`,
    page.before,
  );
  const rows = await db
    .select({
      id: ledgerTransactions.id,
      kind: ledgerTransactions.kind,
      amountWei: net,
      createdMs: sql<string>`${order.ms}::text`,
      metadataTxHash: sql<string | null>`${ledgerTransactions.metadata}->>'txHash'`,
      batchTxHash: settlementBatches.txHash,
      modelName: inferenceTasks.modelName,
    })
    .from(ledgerEntries)
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, ledgerEntries.accountId))
    .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, ledgerEntries.transactionId))
    .leftJoin(settlementBatches, eq(settlementBatches.id, ledgerTransactions.settlementBatchId))
    .leftJoin(inferenceTasks, eq(inferenceTasks.taskId, sql`${ledgerTransactions.metadata}->>'taskId'`))
    .where(
      and(
        eq(ledgerAccounts.userId, userId),
        inArray(ledgerAccounts.kind, ['user_available', 'user_reserved']),
        order.after,
      ),
    )
    .groupBy(ledgerTransactions.id, settlementBatches.txHash, inferenceTasks.modelName)
    .having(ne(net, sql`0`))
    .orderBy(order.newestFirst)
    .limit(page.limit);
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    service: serviceOf(row.kind, row.modelName),
    amountWei: BigInt(row.amountWei),
    createdAt: new Date(Number(row.createdMs)),
    txHash: row.metadataTxHash ?? row.batchTxHash ?? null,
  }));
}

function serviceOf(kind: string, modelName: string | null): UserTransaction['service'] {
  if (kind === 'deposit' || kind === 'withdrawal') return 'platform';
  return modelName?.startsWith('twin:') ? 'fartwin' : 'inference';
}
