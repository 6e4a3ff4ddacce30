import { type Address, getAddress } from 'viem';
import { describe, expect, it } from 'vitest';
import type { UnsettledCharge } from '../ledger/collectUnsettledCharges.js';
import { partitionUncollectableCharges } from './partitionUncollectableCharges.js';
import type { UserSettlementLimit } from './planSettlementBatch.js';

const alice = getAddress('0x70997970c51812dc3a010c7d01b50e0d17dc79c8');
const bob = getAddress('0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc');
const charge = (id: string, userAddress: Address) => ({ transactionId: id, userAddress }) as UnsettledCharge;

describe('partitionUncollectableCharges', () => {
  it('keeps the charges of users someone can debit, in order, and groups the rest by user with the reason', () => {
    const limits = new Map<Address, UserSettlementLimit>([
      [alice, { limit: 10n }],
      [bob, { limit: 0n, uncollectable: 'no authorization live, scheduled or stored' }],
    ]);
    const { collectable, uncollectable } = partitionUncollectableCharges(
      [charge('1', alice), charge('2', bob), charge('3', alice), charge('4', bob)],
      limits,
    );
    expect(collectable.map((c) => c.transactionId)).toEqual(['1', '3']);
    expect([...uncollectable.keys()]).toEqual([bob]);
    expect(uncollectable.get(bob)).toEqual({
      reason: 'no authorization live, scheduled or stored',
      charges: [charge('2', bob), charge('4', bob)],
    });
  });

  it('counts a user without limits as collectable (the plan defers them instead)', () => {
    const { collectable, uncollectable } = partitionUncollectableCharges([charge('1', alice)], new Map());
    expect(collectable).toHaveLength(1);
    expect(uncollectable.size).toBe(0);
  });
});
