import type { SurchargeSplit } from '../inference/InferenceSurcharge.js';

/** The creator's part of a twin's fee, in basis points. */
const CREATOR_FEE_SHARE_BPS = 7_000n;
/** The stakers' part of a twin's fee, in basis points; the treasury takes the remainder. */
const STAKERS_FEE_SHARE_BPS = 2_000n;

/**
 * Splits a twin's creator fee: 70 % to the creator, 20 % to stakers (rounded down each), and the
 * remainder to the treasury, so the three always sum to the fee exactly.
 *
 * @example
 * twinFeeSplit(101n, userId) // { creatorUserId: userId, creator: 70n, stakers: 20n, treasury: 11n }
 */
export function twinFeeSplit(fee: bigint, creatorUserId: string): SurchargeSplit {
  const creator = (fee * CREATOR_FEE_SHARE_BPS) / 10_000n;
  const stakers = (fee * STAKERS_FEE_SHARE_BPS) / 10_000n;
  return { creatorUserId, creator, stakers, treasury: fee - creator - stakers };
}
