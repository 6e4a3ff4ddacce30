import type { Address } from 'viem';
import type { UnsettledCharge } from '../ledger/collectUnsettledCharges.js';
import type { UserSettlementLimit } from './planSettlementBatch.js';

/**
 * Splits charges into those someone may still collect and, per user, those of users no
 * authorization can ever debit again (`limits` marks them `uncollectable`), with the reason.
 *
 * @param charges - oldest first.
 * @param limits - per user address, as readSettlementLimits gives them.
 * @returns the collectable charges (order kept) and the uncollectable ones by user.
 * @example
 * const { collectable, uncollectable } = partitionUncollectableCharges(charges, limits);
 */
export function partitionUncollectableCharges(
  charges: readonly UnsettledCharge[],
  limits: ReadonlyMap<Address, UserSettlementLimit>,
): {
  collectable: UnsettledCharge[];
  uncollectable: Map<Address, { reason: string; charges: UnsettledCharge[] }>;
} {
  const collectable: UnsettledCharge[] = [];
  const uncollectable = new Map<Address, { reason: string; charges: UnsettledCharge[] }>();
  for (const charge of charges) {
    const reason = limits.get(charge.userAddress)?.uncollectable;
    if (reason === undefined) {
      collectable.push(charge);
      continue;
    }
    const user = uncollectable.get(charge.userAddress) ?? { reason, charges: [] };
    user.charges.push(charge);
    uncollectable.set(charge.userAddress, user);
  }
  return { collectable, uncollectable };
}
