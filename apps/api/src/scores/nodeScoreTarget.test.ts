import { describe, expect, it } from 'vitest';
import { NODE_SCORE_WEIGHTS, nodeScoreFactors, nodeScoreTarget } from './nodeScoreTarget.js';

const perfect = {
  uptime: 1,
  tokensPerSecond: 40,
  expectedTokensPerSecond: 40,
  firstTokenLatencyMs: 250,
  auditPassRate: 1,
  accuracy: 1,
};

describe('nodeScoreTarget', () => {
  it('weights sum to 1, so a node perfect on every input targets 100', () => {
    expect(Object.values(NODE_SCORE_WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    expect(nodeScoreTarget(perfect)).toBeCloseTo(100);
  });

  it('adds each input at its weight', () => {
    // 25·0.9 + 20·0.5 + 10·(2000/4000) + 20·0.75 + 25·1
    const target = nodeScoreTarget({
      ...perfect,
      uptime: 0.9,
      tokensPerSecond: 20,
      firstTokenLatencyMs: 4_000,
      auditPassRate: 0.75,
    });
    expect(target).toBeCloseTo(22.5 + 10 + 5 + 15 + 25);
  });

  it('gives nothing for speed beyond the expected, and full marks where nothing is measured', () => {
    expect(nodeScoreFactors({ ...perfect, tokensPerSecond: 10_000 }).speed).toBe(1);
    const unmeasured = nodeScoreFactors({
      ...perfect,
      expectedTokensPerSecond: 0,
      firstTokenLatencyMs: null,
    });
    expect([unmeasured.speed, unmeasured.latency]).toEqual([1, 1]);
  });

  it('clamps nonsense (negative, infinite, NaN) into 0..1 factors', () => {
    const factors = nodeScoreFactors({
      uptime: 7,
      tokensPerSecond: Number.NaN,
      expectedTokensPerSecond: 10,
      firstTokenLatencyMs: Number.POSITIVE_INFINITY,
      auditPassRate: -3,
      accuracy: Number.NaN,
    });
    expect(factors).toEqual({ uptime: 1, speed: 0, latency: 0, audits: 0, accuracy: 0 });
  });
});
