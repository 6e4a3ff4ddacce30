import { describe, expect, it } from 'vitest';
import { ContractsError } from './errors/ContractsError.js';
import { revenueSourceId, serviceIdOfRevenueSource } from './revenueSourceId.js';

describe('revenueSourceId', () => {
  it('spells the service id as left-aligned ASCII in 32 bytes', () => {
    expect(revenueSourceId('inference')).toBe(`0x696e666572656e6365${'0'.repeat(46)}`);
  });

  it('round-trips every service id, including ones ending in a byte with a zero nibble', () => {
    for (const id of ['inference', 'fartwin', 'gamed', 'desci', 'gaming', 'p', 'a0', 'x'.repeat(32)]) {
      expect(serviceIdOfRevenueSource(revenueSourceId(id))).toBe(id);
    }
  });

  it('refuses ids that are empty, too long or not lowercase ASCII', () => {
    for (const id of ['', 'Inference', 'x'.repeat(33), 'café', 'a b']) {
      expect(() => revenueSourceId(id)).toThrow(ContractsError);
    }
  });

  it('attributes no service to the zero id or to bytes that are not a service id', () => {
    expect(serviceIdOfRevenueSource(`0x${'0'.repeat(64)}`)).toBeUndefined();
    expect(serviceIdOfRevenueSource(`0x${'ff'.repeat(32)}`)).toBeUndefined();
    expect(serviceIdOfRevenueSource(`0x00${'61'.repeat(31)}`)).toBeUndefined();
  });
});
