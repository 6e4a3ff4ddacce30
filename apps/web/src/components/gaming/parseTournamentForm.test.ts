import { hexToString } from 'viem';
import { describe, expect, it } from 'vitest';
import { parsePrizeTable, parseTournamentForm, type TournamentFormInput } from './parseTournamentForm';

const now = Date.parse('2026-12-06T10:00:00Z') / 1000;
const valid: TournamentFormInput = {
  mode: 'sprint',
  entryFeeFar: '2.5',
  startsAt: '2026-12-06T10:00:00Z',
  endsAt: '2026-12-07T10:00:00Z',
  minPlayers: '2',
  maxPlayers: '64',
  prizePercents: '50/30/20',
  disputeHours: '24',
  gameServer: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
};

describe('parseTournamentForm', () => {
  it('builds the pool parameters from a valid form', () => {
    const params = parseTournamentForm(valid, now);
    if (typeof params === 'string') throw new Error(params);
    expect(params.entryFee).toBe(2_500_000_000_000_000_000n);
    expect(params.endTime - params.startTime).toBe(86_400);
    expect(params.disputeWindow).toBe(86_400);
    expect([params.minPlayers, params.maxPlayers]).toEqual([2, 64]);
    expect(params.prizeBps).toEqual([5_000, 3_000, 2_000]);
    expect(hexToString(params.modeId, { size: 32 })).toBe('sprint');
  });

  it('refuses what the pool would revert on, saying why', () => {
    expect(parseTournamentForm({ ...valid, entryFeeFar: '0' }, now)).toMatch(/above 0/);
    expect(parseTournamentForm({ ...valid, endsAt: valid.startsAt }, now)).toMatch(/after the start/);
    expect(parseTournamentForm({ ...valid, maxPlayers: '1' }, now)).toMatch(/at least the minimum/);
    expect(parseTournamentForm({ ...valid, disputeHours: '0' }, now)).toMatch(/dispute window/);
    expect(parseTournamentForm({ ...valid, gameServer: 'nope' }, now)).toMatch(/0x address/);
    expect(parseTournamentForm({ ...valid, mode: 'chess' }, now)).toMatch(/game mode/);
  });
});

describe('parsePrizeTable', () => {
  it('takes percentages to two decimals that sum to exactly 100', () => {
    expect(parsePrizeTable('33.34, 33.33, 33.33')).toEqual([3_334, 3_333, 3_333]);
    expect(parsePrizeTable('100')).toEqual([10_000]);
  });

  it('refuses a table that does not sum to 100, a zero place, or a non-number', () => {
    expect(parsePrizeTable('50/30/10')).toMatch(/sums to 90 %/);
    expect(parsePrizeTable('100/0')).toMatch(/more than 0/);
    expect(parsePrizeTable('50/abc')).toMatch(/not a percentage/);
    expect(parsePrizeTable('')).toMatch(/prize places/);
  });
});
