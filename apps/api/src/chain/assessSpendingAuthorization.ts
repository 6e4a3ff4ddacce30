import { smallerWei } from './smallerWei.js';

export type AssessSpendingAuthorizationInput = {
  /** What a debit would see on chain now (`spendingAuthorizationOf`). */
  live: { allowance: bigint; expiry: bigint };
  /** A reduction accepted on chain that takes effect at `effectiveAt` (`scheduledSpendingAuthorizationOf`). */
  scheduled: { cap: bigint; expiry: bigint; effectiveAt: bigint } | null;
  /** The newest authorization stored but not yet carried on chain. */
  pending: { cap: bigint; expiry: bigint } | null;
  /** Chain time, unix seconds. */
  now: bigint;
  /** How long the authorization must still be able to settle (see minSpendingAuthorizationValiditySeconds). */
  minValiditySeconds: bigint;
};

export type SpendingAuthorizationAssessment = {
  /** The most the unsettled charges, open reservations and a new request may add up to. */
  capWei: bigint;
  /** Until when (unix seconds) an authorization can settle them without a gap. */
  validUntil: bigint;
  /** Whether a new charge may be admitted at all: some cap, and at least the minimum validity left. */
  admits: boolean;
};

/**
 * What the user's authorizations can still settle, as the contract will treat them: the live one
 * until a scheduled reduction takes over (then the reduced cap binds, so new charges are held to
 * the lower of the two); a stored one that raises nothing is scheduled like one on chain, and one
 * that lowers nothing replaces the live one when the next batch carries it. Pure.
 *
 * @param input - the live, scheduled and pending authorizations, chain time and the minimum validity.
 * @returns the cap, the end of validity and whether a new charge may be admitted.
 * @example
 * assessSpendingAuthorization({ live: { allowance: 10n, expiry: 2000n }, scheduled: null, pending: null, now: 1000n, minValiditySeconds: 480n })
 * // { capWei: 10n, validUntil: 2000n, admits: true }
 */
export function assessSpendingAuthorization(
  input: AssessSpendingAuthorizationInput,
): SpendingAuthorizationAssessment {
  const { live, now } = input;
  const isLive = live.allowance > 0n && live.expiry >= now;
  let scheduled = input.scheduled;
  let current = isLive ? { cap: live.allowance, expiry: live.expiry } : null;
  const pending = input.pending;
  if (pending !== null) {
    const reduces = current !== null && (pending.cap < current.cap || pending.expiry < current.expiry);
    // The contract's rule when the batch carries it: a reduction is scheduled (replacing any
    // scheduled one), anything else applies at once and cancels a scheduled one.
    if (reduces) scheduled = { cap: pending.cap, expiry: pending.expiry, effectiveAt: now };
    else {
      current = { cap: pending.cap, expiry: pending.expiry };
      scheduled = null;
    }
  }
  let capWei: bigint;
  let validUntil: bigint;
  if (scheduled !== null) {
    capWei = current === null ? scheduled.cap : smallerWei(current.cap, scheduled.cap);
    validUntil = scheduled.cap > 0n ? scheduled.expiry : (current?.expiry ?? 0n);
  } else {
    capWei = current?.cap ?? 0n;
    validUntil = current?.expiry ?? 0n;
  }
  return { capWei, validUntil, admits: capWei > 0n && validUntil >= now + input.minValiditySeconds };
}
