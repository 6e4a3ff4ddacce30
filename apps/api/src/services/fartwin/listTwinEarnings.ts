import { type Db, fartwinCharges } from '@far/db';
import { eq, sql } from 'drizzle-orm';
import { taskChargeSettlementSql } from '../../ledger/taskChargeSettlementSql.js';

/** What one twin earned its creator. Wei as bigint. */
export type TwinEarnings = {
  twinId: string | null;
  handle: string;
  /** Paid chats (turns that billed a fee). */
  chats: number;
  /** Tokens the fee was charged on. */
  tokens: number;
  /** The creator's share of every fee charged (what was written off excluded). */
  earnedWei: bigint;
  /** Of it, credited on chain by a mined settlement batch (withdrawable, or withdrawn). */
  settledWei: bigint;
  /** Of it, not yet in a mined batch. */
  pendingWei: bigint;
};

/**
 * A creator's earnings per twin, from the fee records, with how much of each has been paid on
 * chain. A deleted twin keeps its row (its fee records keep the handle).
 *
 * @param db - the database.
 * @param creatorUserId - the twins' owner.
 * @returns one row per twin that ever charged a fee, most earned first.
 */
export async function listTwinEarnings(db: Db, creatorUserId: string): Promise<TwinEarnings[]> {
  const charges = db
    .select({
      twinId: fartwinCharges.twinId,
      handle: fartwinCharges.handle,
      tokens: fartwinCharges.tokens,
      creator: fartwinCharges.creatorShareWei,
      status: taskChargeSettlementSql(fartwinCharges.taskId).as('status'),
    })
    .from(fartwinCharges)
    .where(eq(fartwinCharges.creatorUserId, creatorUserId))
    .as('charges');
  const rows = await db
    .select({
      twinId: charges.twinId,
      handle: sql<string>`max(${charges.handle})`,
      chats: sql<number>`count(*) filter (where ${charges.status} <> 'written_off')::int`,
      tokens: sql<number>`coalesce(sum(${charges.tokens}) filter (where ${charges.status} <> 'written_off'), 0)::int`,
      settled: sql<string>`coalesce(sum(${charges.creator}) filter (where ${charges.status} = 'settled'), 0)::text`,
      pending: sql<string>`coalesce(sum(${charges.creator}) filter (where ${charges.status} = 'pending'), 0)::text`,
    })
    .from(charges)
    .groupBy(charges.twinId);
  return rows
    .map((row) => {
      const settledWei = BigInt(row.settled);
      const pendingWei = BigInt(row.pending);
      return {
        twinId: row.twinId,
        handle: row.handle,
        chats: Number(row.chats),
        tokens: Number(row.tokens),
        earnedWei: settledWei + pendingWei,
        settledWei,
        pendingWei,
      };
    })
    .sort((a, b) => (a.earnedWei === b.earnedWei ? 0 : a.earnedWei > b.earnedWei ? -1 : 1));
}
