import { DEFAULT_MINIMUM_BONDS } from '@far/contracts/browser';
import { parseEther } from 'viem';
import { describe, expect, it } from 'vitest';
import { checkNodeBond, type NodeBondRecord } from './checkNodeBond.js';

const bond = (far: string, overrides: Partial<NodeBondRecord> = {}): NodeBondRecord => ({
  amount: parseEther(far),
  unbonding: 0n,
  pendingSlash: 0n,
  unbondableAt: 0,
  vramClass: 2,
  ...overrides,
});

describe('checkNodeBond', () => {
  it('admits a node whose bond covers its VRAM class minimum', () => {
    expect(checkNodeBond(bond('500'), DEFAULT_MINIMUM_BONDS, 24)).toEqual({
      ok: true,
      vramClass: 2,
      requiredWei: parseEther('500'),
      activeWei: parseEther('500'),
    });
    // A bond for a bigger class admits a smaller card.
    expect(checkNodeBond(bond('5000', { vramClass: 5 }), DEFAULT_MINIMUM_BONDS, 0).ok).toBe(true);
  });

  it('refuses a node without a bond, naming what it needs', () => {
    const verdict = checkNodeBond(bond('0'), DEFAULT_MINIMUM_BONDS, 24);
    expect(verdict).toMatchObject({ ok: false, vramClass: 2, requiredWei: parseEther('500') });
    expect(verdict.ok ? '' : verdict.message).toContain('needs 500 FAR bonded');
  });

  it('refuses a node claiming more VRAM than its bond’s class', () => {
    const verdict = checkNodeBond(bond('5000', { vramClass: 1 }), DEFAULT_MINIMUM_BONDS, 80);
    expect(verdict.ok ? '' : verdict.message).toContain('the bond claims VRAM class ≤ 16 GB');
  });

  it('does not count what is unbonding', () => {
    const verdict = checkNodeBond(bond('600', { unbonding: parseEther('200') }), DEFAULT_MINIMUM_BONDS, 24);
    expect(verdict).toMatchObject({ ok: false, activeWei: parseEther('400') });
  });
});
