/**
 * What the chain services publish after a commit. Structural, so any bus (`createBus`) fits and
 * this folder does not depend on the bus module.
 */
export type ChainEventBus = { publish(channel: string, message: unknown): Promise<void> | void };

/**
 * One `revenue:updates` message in wire form (wei as a decimal string, time as ISO), relayed to the
 * wallet's `revenue:{walletAddress}` room so its balances and earnings refresh at once.
 */
export type ChainNotice = {
  channel: 'revenue:updates';
  message: { walletAddress: string; streamType: string; amountFarWei: string; at: string };
};

/**
 * Builds a `revenue:updates` notice for a wallet.
 *
 * @param walletAddress - any case; sent lowercase like the rooms.
 * @param streamType - `deposit`, `withdrawal`, `staking_rewards`, `node_earnings_withdrawn`, …
 * @param amount - wei.
 * @param at - when it happened on chain.
 * @returns the notice to publish after the database commit.
 */
export function revenueNotice(
  walletAddress: string,
  streamType: string,
  amount: bigint,
  at: Date,
): ChainNotice {
  return {
    channel: 'revenue:updates',
    message: {
      walletAddress: walletAddress.toLowerCase(),
      streamType,
      amountFarWei: amount.toString(),
      at: at.toISOString(),
    },
  };
}
