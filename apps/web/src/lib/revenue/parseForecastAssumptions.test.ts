import { parseEther } from 'viem';
import { describe, expect, it } from 'vitest';
import { forecastAssumptionInputs, parseForecastAssumptions } from './parseForecastAssumptions';

describe('parseForecastAssumptions', () => {
  it('round-trips the assumptions through the text fields exactly', () => {
    const assumptions = {
      stakersRevenuePer30DaysWei: parseEther('1234.000000000000000001'),
      otherEffectiveStakeWei: 0n,
      baseApyBps: 125n,
      rewardReserveWei: parseEther('9'),
      monthlyGrowthBps: -250n,
    };
    const inputs = forecastAssumptionInputs(assumptions);
    expect(inputs).toEqual({
      revenue: '1,234.000000000000000001',
      stake: '0',
      apy: '1.25',
      reserve: '9',
      growth: '-2.5',
    });
    expect(parseForecastAssumptions(inputs)).toEqual(assumptions);
  });

  it('accepts zero amounts but refuses text, negative amounts and rates out of range', () => {
    const valid = { revenue: '0', stake: '0', apy: '0', reserve: '0', growth: '0' };
    expect(parseForecastAssumptions(valid)).toBeDefined();
    for (const broken of [
      { revenue: 'lots' },
      { stake: '-5' },
      { apy: '100.5' },
      { apy: '-1' },
      { growth: '-101' },
      { reserve: '' },
    ]) {
      expect(parseForecastAssumptions({ ...valid, ...broken }), JSON.stringify(broken)).toBeUndefined();
    }
  });
});
