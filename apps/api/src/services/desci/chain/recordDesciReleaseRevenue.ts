import { type Db, revenueStreams } from '@far/db';
import { and, eq } from 'drizzle-orm';
import { upsertUser } from '../../../auth/upsertUser.js';

/** One wallet's part of a milestone release, as a `revenue_streams` row of service `desci`. */
export type DesciRevenuePart = {
  wallet: `0x${string}`;
  streamType: 'desci_researcher' | 'desci_treasury';
  amount: bigint;
};

/**
 * Records who earned what from a milestone release: the researcher's payment and the treasury's part
 * of the fee, one `revenue_streams` row each (service `desci`), matched by transaction hash so a replay
 * adds nothing. The stakers' part is not a row here: FARStaking streams it, and stakers' claims are
 * recorded as `staking_rewards` when they claim.
 *
 * @param tx - the range's transaction.
 * @param parts - the wallets paid and their amounts (zero amounts are skipped).
 * @param transactionHash - the release transaction.
 * @param at - the block time.
 * @example
 * await recordDesciReleaseRevenue(tx, [{ wallet: researcher, streamType: 'desci_researcher', amount }], hash, at);
 */
export async function recordDesciReleaseRevenue(
  tx: Db,
  parts: DesciRevenuePart[],
  transactionHash: string,
  at: Date,
): Promise<void> {
  for (const part of parts) {
    if (part.amount === 0n) continue;
    const user = await upsertUser(tx, part.wallet);
    const [existing] = await tx
      .select({ id: revenueStreams.id })
      .from(revenueStreams)
      .where(
        and(
          eq(revenueStreams.userId, user.id),
          eq(revenueStreams.streamType, part.streamType),
          eq(revenueStreams.transactionHash, transactionHash),
        ),
      );
    if (existing !== undefined) continue;
    await tx.insert(revenueStreams).values({
      streamType: part.streamType,
      service: 'desci',
      userId: user.id,
      amountFarWei: part.amount,
      transactionHash,
      createdAt: at,
    });
  }
}
