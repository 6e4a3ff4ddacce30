import { type Db, revenueStreams } from '@far/db';
import { eq, sql } from 'drizzle-orm';

/** A wallet's revenue so far, per stream type, in wei. */
export type RevenueSummary = {
  byStream: Record<string, bigint>;
  totalFarWei: bigint;
};

/**
 * Sums a user's `revenue_streams` per stream type: the snapshot a client gets when it subscribes
 * to revenue, before live `revenue:update` events add to it.
 *
 * @param db - the database.
 * @param userId - the user whose revenue to sum.
 * @returns totals per stream and overall, in wei.
 * @example
 * const { totalFarWei } = await summarizeRevenue(db, caller.userId);
 */
export async function summarizeRevenue(db: Db, userId: string): Promise<RevenueSummary> {
  const rows = await db
    .select({
      streamType: revenueStreams.streamType,
      // Summed in SQL as numeric and read back as text: exact, whatever the magnitude.
      amountFarWei: sql<string>`coalesce(sum(${revenueStreams.amountFarWei}), 0)::text`,
    })
    .from(revenueStreams)
    .where(eq(revenueStreams.userId, userId))
    .groupBy(revenueStreams.streamType);
  const byStream: Record<string, bigint> = {};
  let totalFarWei = 0n;
  for (const row of rows) {
    const amount = BigInt(row.amountFarWei);
    byStream[row.streamType] = amount;
    totalFarWei += amount;
  }
  return { byStream, totalFarWei };
}
