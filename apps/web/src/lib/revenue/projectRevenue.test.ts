import { describe, expect, it } from 'vitest';
import { projectRevenue } from './projectRevenue';
import { defaultRevenueStreams } from './revenueStreams';

describe('projectRevenue', () => {
  it("reproduces the seed's formula: base × growth^month per enabled stream", () => {
    const points = projectRevenue(10_000, defaultRevenueStreams, 36);
    expect(points).toHaveLength(37);
    // Month 0: inference 8% + GPU 6% of 10,000.
    expect(points[0]?.monthly).toBeCloseTo(1_400);
    // Month 1: 800 × 1.05 + 600 × 1.15.
    expect(points[1]?.monthly).toBeCloseTo(840 + 690);
    expect(points[1]?.cumulative).toBeCloseTo(1_400 + 1_530);
    expect(points[1]?.roi).toBeCloseTo(29.3);
  });

  it('offers all six streams and counts only the enabled ones', () => {
    expect(defaultRevenueStreams.map((stream) => stream.id)).toEqual([
      'inference',
      'gpu',
      'gaming',
      'desci',
      'gamed',
      'fartwin',
    ]);
    const allOn = defaultRevenueStreams.map((stream) => ({ ...stream, enabled: true }));
    expect(projectRevenue(1_000, allOn, 0)[0]?.monthly).toBeCloseTo(
      1_000 * (0.08 + 0.06 + 0.04 + 0.02 + 0.03 + 0.05),
    );
    const allOff = defaultRevenueStreams.map((stream) => ({ ...stream, enabled: false }));
    expect(projectRevenue(1_000, allOff, 12).at(-1)?.cumulative).toBe(0);
  });

  it('reports 0% ROI for a zero stake instead of dividing by zero', () => {
    expect(projectRevenue(0, defaultRevenueStreams, 3).every((point) => point.roi === 0)).toBe(true);
  });
});
