import { describe, expect, it } from 'vitest';
import { measureStreamSpeed } from './measureStreamSpeed';

describe('measureStreamSpeed', () => {
  it('measures time to first token from the request', () => {
    expect(measureStreamSpeed(1000, 1250, 1250, 1).timeToFirstTokenMs).toBe(250);
  });

  it('counts tokens after the first over the generation time', () => {
    // 11 tokens: the first at 1 s, the last at 2 s → 10 tokens in 1 s.
    expect(measureStreamSpeed(0, 1000, 2000, 11).tokensPerSecond).toBe(10);
  });

  it('has nothing to say before the first token or with a single token', () => {
    expect(measureStreamSpeed(0, null, null, 0)).toEqual({ timeToFirstTokenMs: null, tokensPerSecond: null });
    expect(measureStreamSpeed(0, 5, 5, 1).tokensPerSecond).toBeNull();
  });
});
