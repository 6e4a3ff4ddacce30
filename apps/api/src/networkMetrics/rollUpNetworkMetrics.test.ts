import {
  createTestDb,
  type NetworkMetricsValues,
  networkMetrics,
  type TestDbHandle,
  testDrivers,
} from '@far/db';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNetworkMetrics, resolutionFor } from './readNetworkMetrics.js';
import { rollUpNetworkMetrics } from './rollUpNetworkMetrics.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const values = (nodesOnline: number, requests: number): NetworkMetricsValues => ({
  nodesOnline,
  nodesTotal: nodesOnline,
  totalVramGb: 24 * nodesOnline,
  tokensPerSecond: 10 * nodesOnline,
  utilization: 0.5,
  averageScore: 85,
  queueDepth: 0,
  requests,
  completed: requests,
  failed: 0,
  errorRate: 0,
  nodesByModel: { 'far-demo': nodesOnline },
});

describe.each(testDrivers())('rollUpNetworkMetrics on %s', (driver) => {
  let testDb: TestDbHandle;
  beforeAll(async () => {
    testDb = await createTestDb({ driver });
  });
  afterAll(async () => {
    await testDb?.close();
  });

  it('rolls minutes into hours and hours into days, then prunes what retention no longer keeps', async () => {
    const { db } = testDb;
    const t0 = Date.UTC(2026, 2, 1);
    // Two days of one-minute samples: 1 node online on day 1, 3 on day 2; 2 requests a minute.
    const rows = Array.from({ length: 2 * 24 * 60 }, (_, i) => ({
      resolution: 'minute' as const,
      bucketStart: new Date(t0 + i * MINUTE),
      metrics: values(i < 24 * 60 ? 1 : 3, 2),
    }));
    for (let i = 0; i < rows.length; i += 500) await db.insert(networkMetrics).values(rows.slice(i, i + 500));

    // At 00:30 on day 3: every hour of both days is complete, and day 1 and 2 too.
    const now = t0 + 2 * DAY + 30 * MINUTE;
    await rollUpNetworkMetrics(db, now);
    const hours = await db
      .select()
      .from(networkMetrics)
      .where(eq(networkMetrics.resolution, 'hour'))
      .orderBy(asc(networkMetrics.bucketStart));
    expect(hours).toHaveLength(48);
    expect(hours[0]?.samples).toBe(60);
    expect(hours[0]?.metrics.requests).toBe(120);
    expect(hours[47]?.metrics.nodesOnline).toBe(3);
    const days = await readNetworkMetrics(db, { from: new Date(t0), to: new Date(now), resolution: 'day' });
    expect(days.points.map((p) => [p.samples, p.metrics.nodesOnline, p.metrics.requests])).toEqual([
      [1440, 1, 2880],
      [1440, 3, 2880],
    ]);
    // Minute rows older than 24 h are gone (the samples end at 00:00 of day 3); newer ones stay.
    const minutes = await readNetworkMetrics(db, {
      from: new Date(t0),
      to: new Date(now),
      resolution: 'minute',
    });
    expect(minutes.points[0]?.at.getTime()).toBe(now - DAY);
    expect(minutes.points).toHaveLength(24 * 60 - 30);

    // Running it again changes nothing.
    await rollUpNetworkMetrics(db, now);
    const again = await readNetworkMetrics(db, { from: new Date(t0), to: new Date(now), resolution: 'hour' });
    expect(again.points).toHaveLength(48);

    // 31 days on, hour rows of those days are pruned; the day rows stay for good.
    await rollUpNetworkMetrics(db, t0 + 33 * DAY);
    expect(
      (await readNetworkMetrics(db, { from: new Date(t0), to: new Date(now), resolution: 'hour' })).points,
    ).toEqual([]);
    expect(
      (await readNetworkMetrics(db, { from: new Date(t0), to: new Date(now), resolution: 'day' })).points,
    ).toHaveLength(2);
  });

  it('reads the finest resolution kept for the whole range', () => {
    const now = Date.UTC(2026, 5, 1);
    expect(resolutionFor(now - HOUR, now)).toBe('minute');
    // "The last 24 h" as a client computed it a moment before the server read it.
    expect(resolutionFor(now - DAY - 50, now)).toBe('minute');
    expect(resolutionFor(now - 2 * DAY, now)).toBe('hour');
    expect(resolutionFor(now - 90 * DAY, now)).toBe('day');
  });
});
