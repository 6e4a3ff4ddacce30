import { gpuNodes, inferenceLogs, type NetworkMetricsValues, networkMetrics, nodeAudits } from '@far/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { networkMetricsRoutes } from '../src/networkMetrics/networkMetricsRoutes.js';
import { createInMemoryNodeRegistry, type LiveNode } from '../src/nodes/nodeRegistry.js';
import { createDbNodeStore } from '../src/nodes/nodeStore.js';
import { nodeScoreRoutes } from '../src/scores/nodeScoreRoutes.js';
import { createTestApp } from './support/createTestApp.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const values = (nodesOnline: number): NetworkMetricsValues => ({
  nodesOnline,
  nodesTotal: 2,
  totalVramGb: 24 * nodesOnline,
  tokensPerSecond: 42 * nodesOnline,
  utilization: 0.25,
  averageScore: 88,
  queueDepth: 1,
  requests: 6,
  completed: 5,
  failed: 1,
  errorRate: 1 / 6,
  nodesByModel: { 'far-demo': nodesOnline },
});

const node: LiveNode = {
  nodeId: 'scored-node',
  owner: '0x00000000000000000000000000000000000000b2',
  gpu: { name: 'RTX 4090', vramGb: 24, kind: 'cuda' },
  engine: 'llama',
  models: [{ id: 'far-demo' }],
  maxConcurrency: 2,
  version: 'test',
  connectedAt: 0,
  status: 'online',
  score: 91.3,
  activeTasks: 0,
  tokensPerSecond: 150,
  lastHeartbeatAt: 0,
};

describe('network metrics and node scores API', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  const registry = createInMemoryNodeRegistry();
  beforeAll(async () => {
    t = await createTestApp({}, (db) => (root) => {
      root.route('/', networkMetricsRoutes({ db }));
      root.route('/', nodeScoreRoutes({ db, registry }));
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reads a range of the series at the finest resolution kept for it, or the one asked for', async () => {
    const now = Date.now();
    const minute = Math.floor(now / MINUTE) * MINUTE;
    const hour = Math.floor(now / HOUR) * HOUR;
    await t.db.insert(networkMetrics).values([
      { resolution: 'minute', bucketStart: new Date(minute - 2 * MINUTE), metrics: values(1) },
      { resolution: 'minute', bucketStart: new Date(minute - MINUTE), metrics: values(2) },
      { resolution: 'minute', bucketStart: new Date(minute - 3 * HOUR), metrics: values(3) },
      { resolution: 'hour', bucketStart: new Date(hour - 48 * HOUR), samples: 60, metrics: values(2) },
    ]);
    const from = new Date(minute - 10 * MINUTE).toISOString();
    const res = await t.app.request(`/api/network/metrics?from=${from}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { resolution: string; points: Record<string, unknown>[] };
    expect(body.resolution).toBe('minute');
    expect(body.points.map((p) => p.nodes_online)).toEqual([1, 2]);
    expect(body.points[1]).toMatchObject({
      samples: 1,
      tokens_per_second: 84,
      requests: 6,
      failed: 1,
      queue_depth: 1,
      nodes_by_model: { 'far-demo': 2 },
    });

    // The default range is the last 24 h; a range reaching back 3 days reads hours.
    const day = (await (await t.app.request('/api/network/metrics')).json()) as { points: unknown[] };
    expect(day.points).toHaveLength(3);
    const threeDays = new Date(now - 72 * HOUR).toISOString();
    const hourly = (await (await t.app.request(`/api/network/metrics?from=${threeDays}`)).json()) as {
      resolution: string;
      points: { samples: number }[];
    };
    expect(hourly.resolution).toBe('hour');
    expect(hourly.points.map((p) => p.samples)).toEqual([60]);
  });

  it('refuses a reversed range and a malformed date with 422', async () => {
    const reversed = await t.app.request(
      `/api/network/metrics?from=${new Date().toISOString()}&to=${new Date(Date.now() - HOUR).toISOString()}`,
    );
    expect(reversed.status).toBe(422);
    expect((await t.app.request('/api/network/metrics?from=yesterday')).status).toBe(422);
  });

  it("shows each node's score, payment adjustment, target and the measured inputs, with the formula", async () => {
    const store = createDbNodeStore(t.db);
    await store.registerNode(node, new Date(Date.now() - 2 * HOUR));
    registry.add({ ...node });
    const [row] = await t.db
      .select({ id: gpuNodes.id })
      .from(gpuNodes)
      .where(eq(gpuNodes.nodeId, node.nodeId));
    // far-demo's catalogue speed is 200 tokens/s: 100 and 300 measured average to a ratio of (0.5 + 1) / 2.
    for (const [tokensPerSecond, firstTokenLatency] of [
      [100, 500],
      [300, 1_500],
    ] as const) {
      await t.db.insert(inferenceLogs).values({
        taskId: crypto.randomUUID(),
        nodeId: row?.id ?? null,
        doc: { model: 'far-demo', status: 'completed', performance: { tokensPerSecond, firstTokenLatency } },
      });
    }
    // One canary passed, one spot-check failed: half its checks.
    for (const passed of [true, false]) {
      await t.db.insert(nodeAudits).values({
        nodeId: node.nodeId,
        taskId: crypto.randomUUID(),
        kind: passed ? 'canary' : 'audit',
        passed,
        evidenceHash: `0x${(passed ? 'a' : 'b').repeat(64)}`,
        detail: {},
      });
    }
    const res = await t.app.request('/api/nodes/scores');
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      formula: { weights: Record<string, number>; score_memory: number; neutral_score: number };
      data: Array<
        Record<string, unknown> & { inputs: Record<string, unknown>; factors: Record<string, number> }
      >;
    };
    expect(body.formula).toMatchObject({ score_memory: 0.7, neutral_score: 80 });
    expect(Object.values(body.formula.weights).reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    const card = body.data.find((c) => c.node_id === node.nodeId);
    expect(card).toMatchObject({ status: 'online', score: 91.3, payment_adjustment_percent: 5 });
    expect(card?.inputs).toMatchObject({
      uptime: 1,
      tokens_per_second: 200,
      speed_ratio: 0.75,
      first_token_latency_ms: 1_000,
    });
    expect(card?.inputs.audit_pass_rate).toBe(0.5);
    expect(card?.inputs.tasks_24h).toBe(2);
    expect(card?.factors).toMatchObject({ uptime: 1, speed: 0.75, latency: 1, audits: 0.5, accuracy: 1 });
    // 100 × (0.25 + 0.2·0.75 + 0.1 + 0.2·0.5 + 0.25)
    expect(card?.target).toBeCloseTo(85);
  });
});
