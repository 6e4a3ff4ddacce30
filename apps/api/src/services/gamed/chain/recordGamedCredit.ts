import { type Db, revenueStreams, users } from '@far/db';
import { eq } from 'drizzle-orm';

/** The revenue streams Far GameD credits wallets under (`revenue_streams.stream_type`, service `gamed`). */
export const gamedStreams = {
  /** A studio's share of a purchase, once its refund window passed and it was settled. */
  sale: 'gamed_sale',
  /** A studio's EIP-2981 royalty on a marketplace resale. */
  royalty: 'gamed_royalty',
  /** What a player's resold licence earned them, after the royalty and the fee. */
  resale: 'gamed_resale',
} as const;

/** A credit to a wallet, to publish on `revenue:updates` once its range has committed. */
export type GamedCredit = {
  walletAddress: string;
  streamType: (typeof gamedStreams)[keyof typeof gamedStreams];
  amountFarWei: bigint;
  at: Date;
};

/**
 * Writes a credit as a `revenue_streams` row (service `gamed`) for the wallet's user, creating the
 * user if the wallet never signed in. One row per credited event: the follower applies each block range
 * once (its cursor commits with the rows) and deletes these rows when it rebuilds the mirror.
 *
 * @param tx - the range's transaction.
 * @param credit - who, which stream, how much, when.
 * @param transactionHash - the transaction that credited it.
 * @returns the credit, for the caller to publish after the commit.
 * @example
 * credits.push(await recordGamedCredit(tx, { walletAddress, streamType: gamedStreams.sale, amountFarWei, at }, hash));
 */
export async function recordGamedCredit(
  tx: Db,
  credit: GamedCredit,
  transactionHash: string,
): Promise<GamedCredit> {
  const wallet = credit.walletAddress.toLowerCase();
  await tx
    .insert(users)
    .values({ walletAddress: wallet })
    .onConflictDoNothing({ target: users.walletAddress });
  const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.walletAddress, wallet));
  if (!user) throw new Error(`user ${wallet} vanished after insert`);
  await tx.insert(revenueStreams).values({
    streamType: credit.streamType,
    service: 'gamed',
    userId: user.id,
    amountFarWei: credit.amountFarWei,
    transactionHash,
    createdAt: credit.at,
  });
  return { ...credit, walletAddress: wallet };
}
