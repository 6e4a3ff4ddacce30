import { describe, expect, it } from 'vitest';
import { computeUptime, type OnlineInterval } from './computeUptime.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A synthetic heartbeat history compacted the way the gateway stores it: consecutive beats no more
 * than `ttlMs` apart form one interval from the first to the last beat.
 */
function intervalsFromHeartbeats(beats: readonly number[], ttlMs: number): OnlineInterval[] {
  const intervals: OnlineInterval[] = [];
  for (const at of beats) {
    const last = intervals.at(-1);
    if (last && at - last.end <= ttlMs) last.end = at;
    else intervals.push({ start: at, end: at });
  }
  return intervals;
}

describe('computeUptime', () => {
  it('is the covered share of a week of heartbeats with a six-hour outage each day', () => {
    const beats: number[] = [];
    // Every 5 s for 7 days, silent from 00:00 to 06:00 each day.
    for (let t = 0; t <= 7 * DAY; t += 5_000) if (t % DAY >= 6 * HOUR) beats.push(t);
    const uptime = computeUptime(intervalsFromHeartbeats(beats, 15_000), {
      from: 0,
      to: 7 * DAY,
      firstSeenAt: 0,
    });
    expect(uptime).toBeCloseTo(18 / 24, 3);
  });

  it('judges a node first seen inside the window since then, not over the whole window', () => {
    const intervals = [{ start: 6 * DAY, end: 7 * DAY }];
    expect(computeUptime(intervals, { from: 0, to: 7 * DAY })).toBe(1);
    expect(computeUptime(intervals, { from: 0, to: 7 * DAY, firstSeenAt: 5 * DAY })).toBeCloseTo(0.5);
  });

  it('counts overlapping intervals once and clips them to the window', () => {
    const intervals = [
      { start: -HOUR, end: 30 * MINUTE },
      { start: 10 * MINUTE, end: 40 * MINUTE },
      { start: 50 * MINUTE, end: 2 * HOUR },
    ];
    expect(computeUptime(intervals, { from: 0, to: HOUR, firstSeenAt: -HOUR })).toBeCloseTo(50 / 60);
  });

  it('is 0 with no interval, and full while there is under a minute of history', () => {
    expect(computeUptime([], { from: 0, to: DAY })).toBe(0);
    expect(computeUptime([{ start: DAY - 1_000, end: DAY }], { from: 0, to: DAY })).toBe(1);
  });
});
