import { describe, expect, it } from 'vitest';
import { ContractsError } from './errors/ContractsError';
import { splitGameResale, splitGameSale } from './splitGameSale';

describe('splitGameSale', () => {
  it('gives the studio the price less the fee and the treasury the fee less the stakers', () => {
    expect(splitGameSale(1_000n)).toEqual({ studio: 900n, stakers: 50n, treasury: 50n });
  });

  it('rounds each share down and leaves no wei out', () => {
    for (const price of [0n, 1n, 19n, 99_999n, 10n ** 18n + 7n]) {
      const { studio, stakers, treasury } = splitGameSale(price, {
        platformFeeBps: 1_234n,
        stakersShareBps: 777n,
      });
      expect(studio + stakers + treasury).toBe(price);
      expect(stakers).toBe((price * 777n) / 10_000n);
    }
  });

  it('refuses a negative price or a stakers share above the fee', () => {
    expect(() => splitGameSale(-1n)).toThrow(ContractsError);
    expect(() => splitGameSale(1n, { platformFeeBps: 100n, stakersShareBps: 101n })).toThrow(ContractsError);
  });
});

describe('splitGameResale', () => {
  it('takes the royalty and the fee off the top and gives the seller the rest', () => {
    expect(splitGameResale(1_000n, 500n)).toEqual({
      seller: 850n,
      royalty: 50n,
      stakers: 50n,
      treasury: 50n,
    });
  });

  it('sums to the price for awkward amounts', () => {
    for (const price of [1n, 33n, 123_456_789n]) {
      const split = splitGameResale(price, 999n);
      expect(split.seller + split.royalty + split.stakers + split.treasury).toBe(price);
    }
  });
});
