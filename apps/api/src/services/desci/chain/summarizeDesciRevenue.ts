import { type Db, desciChainMilestones } from '@far/db';
import { and, eq, gte, sql } from 'drizzle-orm';
import type { ServiceRevenue } from '../../../revenue/ServiceRevenue.js';

/**
 * Far DeSci's revenue: the platform fee on released milestones (stakers' and treasury's parts
 * together) and the stakers' part of it, which ResearchEscrow handed to FARStaking as source `desci`.
 * Read from the chain mirror, so it counts what the chain paid.
 *
 * @param db - the database.
 * @param since - count releases at or after this moment; null counts every release.
 * @returns the fees and the stakers' share, in wei.
 * @example
 * const { revenueFarWei, stakersFarWei } = await summarizeDesciRevenue(db, null);
 */
export async function summarizeDesciRevenue(db: Db, since: Date | null): Promise<ServiceRevenue> {
  const released = eq(desciChainMilestones.status, 'released');
  const [row] = await db
    .select({
      revenue: sql<string>`coalesce(sum(${desciChainMilestones.stakersShareWei} + ${desciChainMilestones.treasuryShareWei}), 0)::text`,
      stakers: sql<string>`coalesce(sum(${desciChainMilestones.stakersShareWei}), 0)::text`,
    })
    .from(desciChainMilestones)
    .where(since === null ? released : and(released, gte(desciChainMilestones.decidedAt, since)));
  return { revenueFarWei: BigInt(row?.revenue ?? '0'), stakersFarWei: BigInt(row?.stakers ?? '0') };
}
