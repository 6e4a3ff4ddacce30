import { describe, expect, it } from 'vitest';
import { updateNodeScore } from '../scheduler/updateNodeScore.js';
import { type NodeScoreInputs, nodeScoreTarget } from './nodeScoreTarget.js';
import { strikeScoreDrop } from './strikeScoreDrop.js';

const inputs = (auditPassRate: number): NodeScoreInputs => ({
  uptime: 1,
  tokensPerSecond: 50,
  expectedTokensPerSecond: 50,
  firstTokenLatencyMs: 300,
  auditPassRate,
  accuracy: 1,
});

describe('strikeScoreDrop', () => {
  it("is what the strike takes off the formula's target: 100 × 0.20 × the pass rate's fall", () => {
    expect(strikeScoreDrop({ checks: 10, passes: 9 })).toBeCloseTo(2, 10);
    expect(strikeScoreDrop({ checks: 1, passes: 0 })).toBeCloseTo(20, 10);
    expect(strikeScoreDrop({ checks: 2, passes: 0 })).toBe(0);
    expect(strikeScoreDrop({ checks: 0, passes: 0 })).toBe(0);
    expect(strikeScoreDrop({ checks: 10, passes: 9 })).toBeCloseTo(
      nodeScoreTarget(inputs(1)) - nodeScoreTarget(inputs(0.9)),
      10,
    );
  });

  it('is counted once: after the drop, the next task at the new pass rate lowers the score no further', () => {
    const settled = nodeScoreTarget(inputs(1));
    const struck = settled - strikeScoreDrop({ checks: 10, passes: 9 });
    expect(updateNodeScore(struck, inputs(0.9))).toBeCloseTo(struck, 10);
  });
});
