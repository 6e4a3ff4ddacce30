import { describe, expect, it } from 'vitest';
import { parseFarInput } from './parseFarInput';

describe('parseFarInput', () => {
  it('parses decimals into wei exactly', () => {
    expect(parseFarInput('1.5')).toEqual({ ok: true, wei: 1_500_000_000_000_000_000n });
    expect(parseFarInput(' 1,000 ')).toEqual({ ok: true, wei: 1000n * 10n ** 18n });
    expect(parseFarInput('.000000000000000001')).toEqual({ ok: true, wei: 1n });
  });

  it('names the problem with what was typed', () => {
    expect(parseFarInput('')).toEqual({ ok: false, problem: 'empty' });
    expect(parseFarInput('abc')).toEqual({ ok: false, problem: 'not_a_number' });
    expect(parseFarInput('1e18')).toEqual({ ok: false, problem: 'not_a_number' });
    expect(parseFarInput('-1')).toEqual({ ok: false, problem: 'not_a_number' });
    expect(parseFarInput('.')).toEqual({ ok: false, problem: 'not_a_number' });
    expect(parseFarInput('0.0000000000000000001')).toEqual({ ok: false, problem: 'too_many_decimals' });
    expect(parseFarInput('0')).toEqual({ ok: false, problem: 'not_positive' });
  });
});
