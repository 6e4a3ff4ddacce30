import { describe, expect, it } from 'vitest';
import type { UnsettledCharge } from '../ledger/collectUnsettledCharges.js';
import { summarizeDeferredCharges } from './summarizeDeferredCharges.js';

const charge = (userAddress: string) => ({ userAddress }) as UnsettledCharge;

describe('summarizeDeferredCharges', () => {
  it('counts deferred charges per user and reason', () => {
    expect(
      summarizeDeferredCharges([
        { charge: charge('0xA'), reason: 'cap reached' },
        { charge: charge('0xA'), reason: 'cap reached' },
        { charge: charge('0xA'), reason: 'expired' },
        { charge: charge('0xB'), reason: 'cap reached' },
      ]),
    ).toEqual({ '0xA: cap reached': 2, '0xA: expired': 1, '0xB: cap reached': 1 });
  });
});
