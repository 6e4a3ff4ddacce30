import { describe, expect, it } from 'vitest';
import { planTournamentPayouts } from './planTournamentPayouts.js';

const terms = {
  entryFee: 100n,
  entrants: 3,
  platformFeeBps: 1_000,
  stakersShareBps: 5_000,
  prizeBps: [5_000, 3_000, 2_000],
  rankedCount: 3,
};

describe('planTournamentPayouts', () => {
  it('takes the fee, splits it, and pays the table when every place is filled', () => {
    expect(planTournamentPayouts(terms)).toEqual({
      pool: 300n,
      fee: 30n,
      stakers: 15n,
      treasury: 15n,
      prizePool: 270n,
      prizes: [135n, 81n, 54n],
    });
  });

  it('spreads empty places over the ranked players and gives the dust to first place', () => {
    const plan = planTournamentPayouts({ ...terms, rankedCount: 2 });
    expect(plan.prizes).toEqual([169n, 101n]);
    expect(plan.prizes.reduce((sum, prize) => sum + prize, 0n)).toBe(plan.prizePool);
  });

  it('refuses a table the contract would refuse', () => {
    expect(() => planTournamentPayouts({ ...terms, prizeBps: [5_000, 4_000] })).toThrow(/10,000/);
    expect(() => planTournamentPayouts({ ...terms, prizeBps: [10_000, 0] })).toThrow(/positive/);
    expect(() => planTournamentPayouts({ ...terms, rankedCount: 4 })).toThrow(/does not fit/);
    expect(() => planTournamentPayouts({ ...terms, entrants: -1 })).toThrow(/≥ 0/);
  });
});
