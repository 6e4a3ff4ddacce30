import { describe, expect, it } from 'vitest';
import { decidePriceUpdate } from './decidePriceUpdate.js';

const guards = { minAnswer: 1_000_000n, maxAnswer: 100_000_000n, maxDeviationBps: 2_000n };
const last = { answer: 10_000_000n, updatedAt: 1_000n };
const decide = (
  observed: bigint,
  now = 1_060n,
  overrides: Partial<Parameters<typeof decidePriceUpdate>[0]> = {},
) =>
  decidePriceUpdate({
    observed,
    last,
    now,
    heartbeatSeconds: 1_800n,
    deviationBps: 50n,
    guards,
    ...overrides,
  });

describe('decidePriceUpdate (the Chainlink model: deviation threshold, heartbeat, the feed guards)', () => {
  it('updates an empty feed at once', () => {
    expect(decide(10_000_000n, 0n, { last: undefined })).toEqual({ action: 'update', reason: 'first' });
  });

  it('updates when the price moved at least the deviation threshold, either way', () => {
    expect(decide(10_050_000n)).toEqual({ action: 'update', reason: 'deviation' });
    expect(decide(9_950_000n)).toEqual({ action: 'update', reason: 'deviation' });
    expect(decide(10_049_999n)).toEqual({ action: 'skip' });
  });

  it('updates an unchanged price once the heartbeat is due', () => {
    expect(decide(10_000_000n, 2_799n)).toEqual({ action: 'skip' });
    expect(decide(10_000_000n, 2_800n)).toEqual({ action: 'update', reason: 'heartbeat' });
  });

  it('refuses what the feed would refuse: out of bounds, or a jump beyond its max deviation', () => {
    expect(decide(999_999n)).toEqual({ action: 'refuse', reason: 'out_of_bounds' });
    expect(decide(100_000_001n)).toEqual({ action: 'refuse', reason: 'out_of_bounds' });
    expect(decide(12_000_001n)).toEqual({ action: 'refuse', reason: 'deviation_too_high' });
    expect(decide(12_000_000n)).toEqual({ action: 'update', reason: 'deviation' });
    // Even with the heartbeat due: the feed ages and the stale-feed alert calls an operator.
    expect(decide(7_000_000n, 9_999n)).toEqual({ action: 'refuse', reason: 'deviation_too_high' });
  });

  it("lets an operator's manual price stand until the heartbeat is due", () => {
    expect(decide(11_000_000n, 2_799n, { manualHold: true })).toEqual({ action: 'skip' });
    expect(decide(11_000_000n, 2_800n, { manualHold: true })).toEqual({
      action: 'update',
      reason: 'deviation',
    });
    expect(decide(999_999n, 1_060n, { manualHold: true })).toEqual({
      action: 'refuse',
      reason: 'out_of_bounds',
    });
  });
});
