import { describe, expect, it } from 'vitest';
import { isBillableTokenText } from './isBillableTokenText.js';

describe('isBillableTokenText', () => {
  it('bills a frame that shows a letter, digit, punctuation mark or symbol', () => {
    for (const text of [' river', 'a', '7', '.', '€', '😀', '字', ' \n-', 'e\u0301']) {
      expect(isBillableTokenText(text), JSON.stringify(text)).toBe(true);
    }
  });

  it('never bills empty, whitespace-only or invisible frames', () => {
    for (const text of [
      '',
      ' ',
      '\n\n',
      '\t \r\n',
      '\u00a0\u3000\u2003',
      '\u200b\u200c\u200d\u2060\ufeff',
      '\u0000\u0007',
      '\u0301',
      '\ud83d',
      '\ue000',
    ]) {
      expect(isBillableTokenText(text), JSON.stringify(text)).toBe(false);
    }
  });
});
