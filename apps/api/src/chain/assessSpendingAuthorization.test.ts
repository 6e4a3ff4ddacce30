import { describe, expect, it } from 'vitest';
import { assessSpendingAuthorization } from './assessSpendingAuthorization.js';

const now = 1_000_000n;
const base = { now, minValiditySeconds: 480n, scheduled: null, pending: null };

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
    ).toEqual({ capWei: 4n, validUntil: now + 86_400n, admits: true });
    expect(
      assessSpendingAuthorization({
        ...base,
        live,
        scheduled: { cap: 0n, expiry: now + 86_400n, effectiveAt: now + 3600n },
      }),
    ).toMatchObject({ capWei: 0n, admits: false });
  });

  it('treats a stored authorization as the contract will when a batch carries it', () => {
    const live = { allowance: 10n, expiry: now + 86_400n };
    // Raises the cap and keeps the expiry: applies at once.
    expect(
      assessSpendingAuthorization({ ...base, live, pending: { cap: 50n, expiry: now + 86_400n } }),
    ).toMatchObject({
      capWei: 50n,
      admits: true,
    });
    // Brings the expiry forward: scheduled, so the lower of the caps binds and the new expiry ends it.
    expect(assessSpendingAuthorization({ ...base, live, pending: { cap: 50n, expiry: now + 600n } })).toEqual(
      {
        capWei: 10n,
        validUntil: now + 600n,
        admits: true,
      },
    );
    // Nothing live to replace: applies at once.
    expect(
      assessSpendingAuthorization({
        ...base,
        live: { allowance: 0n, expiry: 0n },
        pending: { cap: 5n, expiry: now + 600n },
      }),
    ).toMatchObject({ capWei: 5n, admits: true });
  });
});
