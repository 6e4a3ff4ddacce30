import { describe, expect, it } from 'vitest';
import { describeNodeBond, describeSlash } from './describeNodeBond';

const FAR = 10n ** 18n;
const now = new Date('2026-12-06T10:00:00Z');
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
const bond = (amount: bigint, overrides = {}) => ({
  amount,
  unbonding: 0n,
  pendingSlash: 0n,
  unbondableAt: 0,
  vramClass: 2,
  ...overrides,
});

describe('describeNodeBond', () => {
  it('says how much is missing for the node’s VRAM class', () => {
    expect(describeNodeBond(bond(0n), 500n * FAR, 2, now)).toMatchObject({
      state: 'unbonded',
      shortfallWei: 500n * FAR,
    });
    expect(describeNodeBond(bond(300n * FAR), 500n * FAR, 2, now)).toMatchObject({
      state: 'short',
      shortfallWei: 200n * FAR,
    });
    expect(describeNodeBond(bond(500n * FAR), 500n * FAR, 2, now)).toMatchObject({
      state: 'bonded',
      shortfallWei: 0n,
    });
    // Enough FAR but claimed for a smaller class: the coordinator refuses it.
    expect(describeNodeBond(bond(500n * FAR, { vramClass: 1 }), 500n * FAR, 2, now).state).toBe('short');
  });

  it('offers the withdrawal only after the period and while the rest covers pending slashes', () => {
    const past = seconds(now) - 1;
    const unbonding = { unbonding: 400n * FAR, unbondableAt: past };
    expect(describeNodeBond(bond(1000n * FAR, unbonding), 500n * FAR, 2, now).canWithdraw).toBe(true);
    expect(
      describeNodeBond(bond(1000n * FAR, { ...unbonding, unbondableAt: past + 60 }), 0n, 2, now).canWithdraw,
    ).toBe(false);
    expect(
      describeNodeBond(bond(1000n * FAR, { ...unbonding, pendingSlash: 700n * FAR }), 0n, 2, now).canWithdraw,
    ).toBe(false);
  });
});

describe('describeSlash', () => {
  it('allows an appeal only while the window is open, execution only after', () => {
    const open = describeSlash({ status: 1, appealEndsAt: seconds(now) + 3600 }, now);
    expect(open).toMatchObject({ status: 'proposed', canAppeal: true, canExecute: false });
    const closed = describeSlash({ status: 1, appealEndsAt: seconds(now) - 1 }, now);
    expect(closed).toMatchObject({ canAppeal: false, canExecute: true });
    expect(describeSlash({ status: 2, appealEndsAt: 0 }, now)).toMatchObject({
      status: 'contested',
      canAppeal: false,
      canExecute: false,
    });
  });
});
