import { z } from 'zod';

/** The bus channel the gamed chain follower rings after each applied block range. */
export const GAMED_CHAIN_CHANNEL = 'gamed:chain';

const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 0x-prefixed 20-byte address')
  .transform((value) => value.toLowerCase());

/**
 * `gamed:chain`: what changed on chain for one game (`event` is the GameLicenses event name:
 * LicensePurchased, LicenseRefunded, PurchaseSettled, Listed, ListingSold, BuildPublished, …), with
 * enough to show a studio a sale or refund live. Relayed to the studio's `revenue:{address}` room as
 * the `gamed:notice` event. Wei and dates travel as decimal and ISO strings on the wire.
 */
export const GamedChainNoticeSchema = z.object({
  contractAddress: address,
  /** Decimal. */
  gameId: z.string().regex(/^\d{1,78}$/),
  event: z.string().min(1).max(64),
  /** The game's studio (absent only when the game is not in the mirror, which a valid chain never does). */
  studio: address.optional(),
  /** The buyer, refunder, seller or new holder. */
  wallet: address.optional(),
  /** The price paid or refunded, the listing price, or the studio's credit, in wei. */
  amountWei: z
    .union([
      z.bigint().nonnegative(),
      z
        .string()
        .regex(/^\d{1,78}$/)
        .transform((value) => BigInt(value)),
    ])
    .optional(),
  at: z.union([z.date(), z.iso.datetime({ offset: true }).transform((value) => new Date(value))]),
});
export type GamedChainNotice = z.output<typeof GamedChainNoticeSchema>;
export type GamedChainNoticeInput = z.input<typeof GamedChainNoticeSchema>;
