import { describe, expect, it } from 'vitest';
import { publicSettlementErrorCode } from './publicSettlementErrorCode.js';

describe('publicSettlementErrorCode', () => {
  it('keeps only the contract error a failure names', () => {
    expect(
      publicSettlementErrorCode(
        'The contract reverted: SpendingCapExceeded(0x70997970C51812dc3A010C7d01b50e0d17dc79C8, 5, 3) at http://10.0.3.4:8545',
      ),
    ).toBe('SpendingCapExceeded');
  });

  it('reduces any other text to one code', () => {
    expect(publicSettlementErrorCode('connect ECONNREFUSED 10.0.3.4:8545 (key 0xdeadbeef)')).toBe(
      'settlement_failed',
    );
    expect(publicSettlementErrorCode('')).toBe('settlement_failed');
  });

  it('says nothing when there was no error', () => {
    expect(publicSettlementErrorCode(null)).toBeNull();
  });
});
