import { type Db, fartwinCharges } from '@far/db';
import { gte, sql } from 'drizzle-orm';
import type { ServiceRevenue } from '../../revenue/ServiceRevenue.js';

/**
 * FarTwin AI's revenue: the creator fees callers paid on top of the base inference price, and the
 * stakers' share of them. (The base price of a twin's chat is Far Inference's revenue.)
 *
 * @param db - the database.
 * @param since - count fees charged at or after this moment; null counts all.
 * @returns fees charged and the stakers' share, in wei.
 * @example
 * const { revenueFarWei } = await summarizeFartwinRevenue(db, null);
 */
export async function summarizeFartwinRevenue(db: Db, since: Date | null): Promise<ServiceRevenue> {
  const [row] = await db
    .select({
      revenue: sql<string>`coalesce(sum(${fartwinCharges.feeFarWei}), 0)::text`,
      stakers: sql<string>`coalesce(sum(${fartwinCharges.stakersShareWei}), 0)::text`,
    })
    .from(fartwinCharges)
    .where(since === null ? undefined : gte(fartwinCharges.createdAt, since));
  return { revenueFarWei: BigInt(row?.revenue ?? '0'), stakersFarWei: BigInt(row?.stakers ?? '0') };
}
