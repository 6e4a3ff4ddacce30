import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSettlementBatch } from './buildSettlementBatch.js';
import { unpackSettlementEntry } from './packSettlementEntry.js';
import { splitRevenue } from './splitRevenue.js';

const alice = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const bob = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
const node = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';

describe('buildSettlementBatch', () => {
  it('aggregates one debit per user and one credit per node, summing per-task splits', () => {
    const batch = buildSettlementBatch([
      { user: alice, node, actualCost: 1_000n, performanceScore: 100 },
      { user: alice.toLowerCase() as `0x${string}`, node, actualCost: 7n, performanceScore: 81 },
      { user: bob, node, actualCost: 0n, performanceScore: 80 },
    ]);
    expect(batch.debits.map(unpackSettlementEntry)).toEqual([{ account: alice, amount: 1_007n }]);
    const a = splitRevenue(1_000n, 100);
    const b = splitRevenue(7n, 81);
    expect(batch.credits.map(unpackSettlementEntry)).toEqual([{ account: node, amount: a.node + b.node }]);
    expect(batch.stakersShare).toBe(a.stakers + b.stakers);
    expect(batch.treasuryShare).toBe(a.treasury + b.treasury);
  });

  it('always balances: Σ debits = Σ credits + stakers + treasury, nodes ≤ 66%', () => {
    const charge = fc.record({
      user: fc.constantFrom(alice, bob),
      node: fc.constantFrom(node, bob),
      actualCost: fc.bigInt({ min: 0n, max: 10n ** 24n }),
      performanceScore: fc.integer({ min: 0, max: 120 }),
    });
    fc.assert(
      fc.property(fc.array(charge, { maxLength: 30 }), (charges) => {
        const batch = buildSettlementBatch(charges);
        const debits = batch.debits.reduce((sum, e) => sum + unpackSettlementEntry(e).amount, 0n);
        const credits = batch.credits.reduce((sum, e) => sum + unpackSettlementEntry(e).amount, 0n);
        expect(debits).toBe(batch.totalDebited);
        expect(credits + batch.stakersShare + batch.treasuryShare).toBe(debits);
        expect(credits * 10_000n <= debits * 6_600n).toBe(true);
      }),
    );
  });

  it('rejects negative charges', () => {
    expect(() =>
      buildSettlementBatch([{ user: alice, node, actualCost: -1n, performanceScore: 80 }]),
    ).toThrowError(expect.objectContaining({ code: 'INVALID_AMOUNT' }));
  });
});
