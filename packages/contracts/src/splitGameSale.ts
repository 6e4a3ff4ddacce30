import { ContractsError } from './errors/ContractsError';

/** GameLicenses' platform fee: basis points of a sale kept by the platform, and the stakers' part of it. */
export type GameSaleFee = { platformFeeBps: bigint; stakersShareBps: bigint };

/** GameLicenses' fee as deployed: 10 % of every sale, half of it (5 % of the sale) to stakers. */
export const GAMED_DEFAULT_FEE: GameSaleFee = { platformFeeBps: 1_000n, stakersShareBps: 500n };

/** A primary sale, divided: the studio's share, the stakers' (to FARStaking) and the treasury's. */
export type GameSaleSplit = { studio: bigint; stakers: bigint; treasury: bigint };

/** A marketplace resale, divided: the seller's proceeds, the studio's royalty, the stakers' and the treasury's. */
export type GameResaleSplit = { seller: bigint; royalty: bigint; stakers: bigint; treasury: bigint };

const BPS = 10_000n;

function checkSale(price: bigint, fee: GameSaleFee, royaltyBps: bigint): void {
  if (price < 0n) throw new ContractsError('INVALID_AMOUNT', `price must be ≥ 0, got ${price}`);
  const { platformFeeBps, stakersShareBps } = fee;
  if (stakersShareBps < 0n || stakersShareBps > platformFeeBps || platformFeeBps + royaltyBps > BPS) {
    throw new ContractsError(
      'INVALID_AMOUNT',
      `fee ${platformFeeBps} bps, stakers ${stakersShareBps} bps, royalty ${royaltyBps} bps is not a split`,
    );
  }
}

/**
 * Divides a game's purchase price exactly as `GameLicenses.splitSale` does at settlement, in integer wei:
 * stakers = price × stakersShareBps / 10000, treasury = price × platformFeeBps / 10000 − stakers (both
 * rounded down), studio = price − fee. The three always sum to the price.
 *
 * @param price FAR wei the buyer paid.
 * @param fee The fee the purchase was made under (`purchases(id).feeBps / stakersBps`); default as deployed.
 * @returns The studio's, stakers' and treasury's shares.
 * @throws {ContractsError} INVALID_AMOUNT for a negative price or a fee that is not a split.
 * @example
 * splitGameSale(1_000n) // { studio: 900n, stakers: 50n, treasury: 50n }
 */
export function splitGameSale(price: bigint, fee: GameSaleFee = GAMED_DEFAULT_FEE): GameSaleSplit {
  checkSale(price, fee, 0n);
  const platformFee = (price * fee.platformFeeBps) / BPS;
  const stakers = (price * fee.stakersShareBps) / BPS;
  return { studio: price - platformFee, stakers, treasury: platformFee - stakers };
}

/**
 * Divides a marketplace resale exactly as `GameLicenses.buyListing` does: the studio's EIP-2981 royalty
 * (price × royaltyBps / 10000, rounded down) and the platform fee come off the top, the seller gets the
 * rest. The four always sum to the price.
 *
 * @param price FAR wei the listing sold for.
 * @param royaltyBps The game's royalty (`games(id).royaltyBps`, at most 1000).
 * @param fee The contract's current fee; default as deployed.
 * @returns The seller's proceeds, the royalty, the stakers' and the treasury's shares.
 * @throws {ContractsError} INVALID_AMOUNT for a negative price or a fee and royalty that are not a split.
 * @example
 * splitGameResale(1_000n, 500n) // { seller: 850n, royalty: 50n, stakers: 50n, treasury: 50n }
 */
export function splitGameResale(
  price: bigint,
  royaltyBps: bigint,
  fee: GameSaleFee = GAMED_DEFAULT_FEE,
): GameResaleSplit {
  checkSale(price, fee, royaltyBps);
  if (royaltyBps < 0n) throw new ContractsError('INVALID_AMOUNT', `royalty must be ≥ 0, got ${royaltyBps}`);
  const { studio: rest, stakers, treasury } = splitGameSale(price, fee);
  const royalty = (price * royaltyBps) / BPS;
  return { seller: rest - royalty, royalty, stakers, treasury };
}
