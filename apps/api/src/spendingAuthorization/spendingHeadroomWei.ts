/**
 * What a user may still reserve under the spending authorization: the cap less the unsettled
 * charges (escrow − available − reserved) and the open reservations; 0 when the authorization
 * admits nothing or the charges already reach the cap. A reservation of `estimate` is admitted
 * when `estimate` ≤ this. Pure.
 *
 * @param terms - the cap and whether it admits (assessSpendingAuthorization), the escrow by the
 *   ledger, and the user's balances under the lock.
 * @returns the headroom left for new reservations, wei (may be negative: reservations beyond it).
 * @example
 * spendingHeadroomWei({ capWei: 10n, admits: true, escrowWei: 20n, available: 15n, reserved: 3n }) // 10 − 2 − 3 = 5n
 */
export function spendingHeadroomWei(terms: {
  capWei: bigint;
  admits: boolean;
  escrowWei: bigint;
  available: bigint;
  reserved: bigint;
}): { headroomWei: bigint; leftWei: bigint } {
  const unsettled = terms.escrowWei - terms.available - terms.reserved;
  const headroomWei = terms.admits && terms.capWei > unsettled ? terms.capWei - unsettled : 0n;
  return { headroomWei, leftWei: headroomWei - terms.reserved };
}
