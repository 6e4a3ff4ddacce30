import { BaseError } from '../errors/BaseError.js';

/** Why the guard refuses a request: the numbers it compared. */
export type SpendingAuthorizationShortfall = {
  /** The cap that counts (the lower one while a reduction is scheduled). */
  capWei: bigint;
  /** Whether the live authorization can still settle for long enough. */
  admits: boolean;
  /** Chain time until which it can settle charges. */
  validUntil: bigint;
  /** Chain time now. */
  chainNow: bigint;
  /** Headroom under the cap left for open reservations and this request. */
  headroomWei: bigint;
  /** Already reserved for the user's open requests. */
  reservedWei: bigint;
  /** What this request may cost. */
  estimateWei: bigint;
};

/**
 * The 402 `spending_authorization_required` error for a request the authorization does not cover,
 * its message telling the user what to sign: a longer one, a first one, or one with a higher cap.
 *
 * @param shortfall - the numbers the guard compared.
 * @returns the error to throw, with the headroom and required wei in its details.
 * @example
 * throw spendingAuthorizationRefusal({ capWei: 0n, admits: false, validUntil: 0n, chainNow: 1n, headroomWei: 0n, reservedWei: 0n, estimateWei: 5n });
 */
export function spendingAuthorizationRefusal(shortfall: SpendingAuthorizationShortfall): BaseError {
  const { capWei, admits, validUntil, chainNow, headroomWei, reservedWei, estimateWei } = shortfall;
  return new BaseError(
    'spending_authorization_required',
    capWei > 0n && !admits
      ? `Your spending authorization can settle charges only until ${validUntil} (chain time ${chainNow}), too soon for a settlement batch to collect this one; sign a new one valid for longer`
      : headroomWei === 0n
        ? 'Sign a spending authorization first (GET /api/spending-authorization/typed-data, then POST /api/spending-authorization): settlement on chain needs it'
        : `Your spending authorization has ${headroomWei - reservedWei} wei of headroom left, this request may cost ${estimateWei} wei; sign a new one with a higher cap`,
    {
      details: {
        headroomWei: (headroomWei - reservedWei).toString(),
        requiredWei: estimateWei.toString(),
      },
    },
  );
}
