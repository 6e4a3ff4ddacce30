import { type Db, inferenceTasks } from '@far/db';
import { and, gte, isNotNull, sql } from 'drizzle-orm';
import type { ServiceRevenue } from '../../revenue/ServiceRevenue.js';

/**
 * Far Inference's revenue: what finished tasks were charged and the stakers' share of it (the share
 * InferencePayment hands to FARStaking when the charges are settled on chain).
 *
 * @param db - the database.
 * @param since - count tasks finished at or after this moment; null counts every task.
 * @returns charged revenue and the stakers' share, in wei.
 * @example
 * const { stakersFarWei } = await summarizeInferenceRevenue(db, new Date(Date.now() - 30 * 86_400_000));
 */
export async function summarizeInferenceRevenue(db: Db, since: Date | null): Promise<ServiceRevenue> {
  const finished = isNotNull(inferenceTasks.completedAt);
  const [row] = await db
    .select({
      // Summed in SQL as numeric and read back as text: exact, whatever the magnitude.
      revenue: sql<string>`coalesce(sum(${inferenceTasks.costFarWei}), 0)::text`,
      stakers: sql<string>`coalesce(sum(${inferenceTasks.stakersShareWei}), 0)::text`,
    })
    .from(inferenceTasks)
    .where(since === null ? finished : and(finished, gte(inferenceTasks.completedAt, since)));
  return { revenueFarWei: BigInt(row?.revenue ?? '0'), stakersFarWei: BigInt(row?.stakers ?? '0') };
}
