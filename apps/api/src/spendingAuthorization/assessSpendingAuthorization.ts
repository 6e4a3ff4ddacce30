import { smallerWei } from '../ledger/smallerWei.js';

export type AssessSpendingAuthorizationInput = {
  /** What a debit would see on chain now (`spendingAuthorizationOf`). */
  live: { allowance: bigint; expiry: bigint };
  /** A reduction accepted on chain that takes effect at `effectiveAt` (`scheduledSpendingAuthorizationOf`). */
  scheduled: { cap: bigint; expiry: bigint; effectiveAt: bigint } | null;
  /** Chain time, unix seconds. */
  now: bigint;
  /** How long the authorization must still be able to settle (see minSpendingAuthorizationValiditySeconds). */
  minValiditySeconds: bigint;
};

export type SpendingAuthorizationAssessment = {
  /** The most the unsettled charges, open reservations and a new request may add up to. */
  capWei: bigint;
  /** Until when (unix seconds) an authorization can settle them whatever the user does next. */
  validUntil: bigint;
  /** Whether a new charge may be admitted at all: some cap, and at least the minimum validity left. */
  admits: boolean;
};

/**
 * What the user's on-chain authorization can still settle whatever the user does next. Only what
 * is on chain counts: a signature merely stored can be overtaken by any other nonce the user
 * submits first.
 *
 * A scheduled reduction is not counted on for validity: the user can cancel it (by revoking, or,
 * once nothing is live, by any new authorization, which then applies at once) and withdraw as soon
 * as the live one ends. So while one is scheduled the live expiry bounds validity (the contract
 * clamps it to just before `effectiveAt`), nothing live admits nothing, and the lower of the two
 * caps binds new charges, since the reduction may yet take effect. Pure.
 *
 * @param input - the live and scheduled authorizations, chain time and the minimum validity.
 * @returns the cap, the end of validity and whether a new charge may be admitted.
 * @example
 * assessSpendingAuthorization({ live: { allowance: 10n, expiry: 2000n }, scheduled: null, now: 1000n, minValiditySeconds: 480n })
 * // { capWei: 10n, validUntil: 2000n, admits: true }
 */
export function assessSpendingAuthorization(
  input: AssessSpendingAuthorizationInput,
): SpendingAuthorizationAssessment {
  const { live, scheduled, now } = input;
  const isLive = live.allowance > 0n && live.expiry >= now;
  if (!isLive) return { capWei: 0n, validUntil: 0n, admits: false };
  const capWei = scheduled === null ? live.allowance : smallerWei(live.allowance, scheduled.cap);
  const validUntil = live.expiry;
  return { capWei, validUntil, admits: capWei > 0n && validUntil >= now + input.minValiditySeconds };
}
