import fc from 'fast-check';
import { getAddress } from 'viem';
import { describe, expect, it } from 'vitest';
import { ContractsError } from './errors/ContractsError.js';
import { packSettlementEntry, unpackSettlementEntry } from './packSettlementEntry.js';

describe('packSettlementEntry', () => {
  it('puts the address in the high 160 bits and the amount in the low 96', () => {
    const entry = packSettlementEntry('0x00000000000000000000000000000000000000Ff', 5n);
    expect(entry).toBe((0xffn << 96n) | 5n);
  });

  it('round-trips any address and amount', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 20, maxLength: 20 }),
        fc.bigInt({ min: 1n, max: 2n ** 96n - 1n }),
        (bytes, amount) => {
          const account = getAddress(`0x${Buffer.from(bytes).toString('hex')}`);
          expect(unpackSettlementEntry(packSettlementEntry(account, amount))).toEqual({ account, amount });
        },
      ),
    );
  });

  it('rejects zero, amounts of 2^96 and more, and non-addresses', () => {
    const user = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
    expect(() => packSettlementEntry(user, 0n)).toThrow(ContractsError);
    expect(() => packSettlementEntry(user, 2n ** 96n)).toThrowError(
      expect.objectContaining({ code: 'INVALID_SETTLEMENT_ENTRY' }),
    );
    expect(() => packSettlementEntry('0x1234' as `0x${string}`, 1n)).toThrow(ContractsError);
  });
});
