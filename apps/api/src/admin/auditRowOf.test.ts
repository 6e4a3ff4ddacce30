import { describe, expect, it } from 'vitest';
import { auditRowOf } from './auditRowOf.js';

const actor = { wallet: '0xabc', role: 'admin' as const, reason: 'incident 12' };

describe('auditRowOf', () => {
  it('records the actor, the action, its target, the value before and the signature', () => {
    expect(
      auditRowOf(
        { ...actor, action: 'contract.pause', target: 'farStaking', signature: '0xsig' },
        { paused: false },
      ),
    ).toEqual({
      actorWallet: '0xabc',
      role: 'admin',
      action: 'contract.pause',
      target: 'farStaking',
      reason: 'incident 12',
      before: { paused: false },
      signature: '0xsig',
    });
  });

  it('stores null for a missing value before and a missing signature', () => {
    expect(auditRowOf({ ...actor, action: 'node.suspend', target: 'n1' }, undefined)).toMatchObject({
      before: null,
      signature: null,
    });
  });
});
