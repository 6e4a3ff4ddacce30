import { describe, expect, it } from 'vitest';
import { busPatternToRegExp } from './busPatternToRegExp.js';

describe('busPatternToRegExp', () => {
  it.each([
    ['task:*', 'task:1', true],
    ['task:*', 'task:', true],
    ['task:*', 'tasks:1', false],
    ['h?llo', 'hello', true],
    ['h?llo', 'hllo', false],
    ['h[ae]llo', 'hallo', true],
    ['h[ae]llo', 'hillo', false],
    ['h[^e]llo', 'hallo', true],
    ['h[^e]llo', 'hello', false],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'axb', false],
    ['node.(1)', 'node.(1)', true],
    ['node.(1)', 'nodex(1)', false],
  ])('%s matches %s: %s', (pattern, channel, expected) => {
    expect(busPatternToRegExp(pattern).test(channel)).toBe(expected);
  });
});
