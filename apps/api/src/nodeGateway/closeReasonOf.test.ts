import { describe, expect, it } from 'vitest';
import { closeReasonOf } from './closeReasonOf.js';

describe('closeReasonOf', () => {
  it('keeps a short reason whole', () => {
    expect(closeReasonOf('node n1 was suspended by an operator')).toBe(
      'node n1 was suspended by an operator',
    );
  });

  it('cuts a long reason to 123 bytes of UTF-8 on a character boundary', () => {
    for (const text of ['a'.repeat(300), 'é'.repeat(100), `${'a'.repeat(121)}–and more`, '😀'.repeat(40)]) {
      const reason = closeReasonOf(text);
      expect(Buffer.byteLength(reason)).toBeLessThanOrEqual(123);
      expect(text.startsWith(reason)).toBe(true);
      expect(Buffer.from(reason).toString()).toBe(reason);
      expect(reason.length).toBeGreaterThan(25);
    }
  });
});
