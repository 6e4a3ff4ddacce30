/** The bus channel the gamed chain follower rings after each applied block range. */
export const GAMED_CHAIN_CHANNEL = 'gamed:chain';

/**
 * What changed on chain for one game (`event` is the GameLicenses event name: LicensePurchased,
 * LicenseRefunded, PurchaseSettled, ListingSold, BuildPublished, …). A doorbell with enough to show a
 * studio a sale or refund live: `studio` is the game's studio, `wallet` the player the event is about.
 */
export type GamedChainNotice = {
  contractAddress: string;
  gameId: string;
  event: string;
  /** The game's studio, lowercase (absent when the game is not in the mirror, which a valid chain never does). */
  studio?: string;
  /** The buyer, refunder, seller or new holder, lowercase. */
  wallet?: string;
  /** The price paid or refunded, or the studio's credit, in wei. */
  amountWei?: bigint;
  at: Date;
};
