import { describe, expect, it } from 'vitest';
import { spendingAuthorizationRefusal } from './spendingAuthorizationRefusal.js';

const base = {
  capWei: 100n,
  admits: true,
  validUntil: 1000n,
  chainNow: 900n,
  reservedWei: 0n,
  estimateWei: 50n,
};

describe('spendingAuthorizationRefusal', () => {
  it('asks for a longer authorization when the live one ends too soon to settle', () => {
    const error = spendingAuthorizationRefusal({ ...base, admits: false, headroomWei: 0n });
    expect(error.code).toBe('spending_authorization_required');
    expect(error.message).toContain('only until 1000 (chain time 900)');
  });

  it('asks for a first authorization when there is no headroom and no cap', () => {
    const error = spendingAuthorizationRefusal({ ...base, capWei: 0n, admits: false, headroomWei: 0n });
    expect(error.message).toMatch(/^Sign a spending authorization first/);
  });

  it('names the headroom left after open reservations and what the request may cost', () => {
    const error = spendingAuthorizationRefusal({ ...base, headroomWei: 40n, reservedWei: 10n });
    expect(error.message).toContain('30 wei of headroom left, this request may cost 50 wei');
    expect(error.details).toEqual({ headroomWei: '30', requiredWei: '50' });
  });
});
