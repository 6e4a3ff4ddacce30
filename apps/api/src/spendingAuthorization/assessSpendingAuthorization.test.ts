import { describe, expect, it } from 'vitest';
import { assessSpendingAuthorization } from './assessSpendingAuthorization.js';

const now = 1_000_000n;
const base = { now, minValiditySeconds: 480n, scheduled: null };

describe('assessSpendingAuthorization', () => {
  it('admits under a live authorization with enough validity left', () => {
    expect(assessSpendingAuthorization({ ...base, live: { allowance: 10n, expiry: now + 480n } })).toEqual({
      capWei: 10n,
      validUntil: now + 480n,
      admits: true,
    });
  });

  it('admits nothing under one that ends within the minimum validity', () => {
    expect(
      assessSpendingAuthorization({ ...base, live: { allowance: 10n, expiry: now + 479n } }).admits,
    ).toBe(false);
  });

  it('holds new charges to the lower cap of a scheduled reduction, and to nothing for a scheduled cap of 0', () => {
    const live = { allowance: 10n, expiry: now + 3599n };
    expect(
      assessSpendingAuthorization({
        ...base,
        live,
        scheduled: { cap: 4n, expiry: now + 86_400n, effectiveAt: now + 3600n },
      }),
    ).toEqual({ capWei: 4n, validUntil: now + 3599n, admits: true });
    expect(
      assessSpendingAuthorization({
        ...base,
        live,
        scheduled: { cap: 0n, expiry: now + 86_400n, effectiveAt: now + 3600n },
      }),
    ).toMatchObject({ capWei: 0n, admits: false });
  });

  it('never counts on a scheduled reduction for validity, since the user can cancel it', () => {
    const scheduled = { cap: 4n, expiry: now + 86_400n, effectiveAt: now + 3600n };
    // The live one ends (clamped before effectiveAt) within the minimum validity: revoking would
    // cancel the reduction and free the escrow before a batch could collect a new charge.
    expect(
      assessSpendingAuthorization({ ...base, live: { allowance: 10n, expiry: now + 479n }, scheduled }),
    ).toEqual({ capWei: 4n, validUntil: now + 479n, admits: false });
    // Nothing live: any new authorization applies at once and cancels the reduction.
    expect(
      assessSpendingAuthorization({ ...base, live: { allowance: 10n, expiry: now - 1n }, scheduled }),
    ).toEqual({ capWei: 0n, validUntil: 0n, admits: false });
  });
});
