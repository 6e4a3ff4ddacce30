import { type Db, gpuNodes } from '@far/db';
import { desc, gt, ne, or, sql } from 'drizzle-orm';
import { rowsOf } from '../ledger/rowsOf.js';
import type { NodeRegistry } from '../nodes/nodeRegistry.js';
import { type NodeScoreFactors, nodeScoreFactors, nodeScoreTarget } from './nodeScoreTarget.js';
import { paymentAdjustmentPercent } from './paymentAdjustmentPercent.js';
import { readNodeStandings } from './readNodeStandings.js';
import { UPTIME_WINDOW_MS } from './readNodeUptimes.js';

/** The window the measured speed and time to first token are averaged over. */
export const PERFORMANCE_WINDOW_MS = 24 * 3600_000;

/** One node's score and every input it is made of, as the GPU page shows it. */
export type NodeScoreCard = {
  nodeId: string;
  status: string;
  gpuModel: string | null;
  vramGb: number | null;
  /** The live score (the registry's for a connected node, else the stored one). */
  score: number;
  /** Percent points on the node's 60 % share at this score, −10..+10. */
  paymentAdjustmentPercent: number;
  /** Where the score settles with these inputs and honest tasks (`nodeScoreTarget`). */
  target: number;
  inputs: {
    uptime: number;
    /** Mean measured tokens/s of its completed tasks in the last 24 h; null with none. */
    tokensPerSecond: number | null;
    /** Mean of measured / expected speed (each capped at 1) over the same tasks; null with none. */
    speedRatio: number | null;
    firstTokenLatencyMs: number | null;
    auditPassRate: number;
    tasks24h: number;
  };
  factors: NodeScoreFactors;
};

type PerformanceRow = {
  node_id: string;
  tasks: number | string;
  tokens_per_second: number | string | null;
  speed_ratio: number | string | null;
  first_token_ms: number | string | null;
};

const numberOrNull = (value: number | string | null): number | null =>
  value === null ? null : Number(value);

/**
 * The score cards of the nodes seen in the last week (online ones first): live score, payment
 * adjustment, target, and the measured inputs behind them (uptime from the heartbeat history, speed
 * and time to first token from the inference logs of the last 24 h, audit pass rate).
 *
 * @param db - the database.
 * @param registry - the live registry (connected nodes' scores and status).
 * @param now - the current time, epoch ms.
 * @returns the cards.
 * @example
 * const cards = await readNodeScoreCards(db, gateway.registry, Date.now());
 */
export async function readNodeScoreCards(
  db: Db,
  registry: NodeRegistry,
  now: number,
): Promise<NodeScoreCard[]> {
  const nodes = await db
    .select({
      nodeId: gpuNodes.nodeId,
      status: gpuNodes.status,
      gpuModel: gpuNodes.gpuModel,
      vramGb: gpuNodes.vramGb,
      reliabilityScore: gpuNodes.reliabilityScore,
    })
    .from(gpuNodes)
    .where(or(ne(gpuNodes.status, 'offline'), gt(gpuNodes.lastSeen, new Date(now - UPTIME_WINDOW_MS))))
    .orderBy(desc(gpuNodes.lastSeen))
    .limit(500);
  if (nodes.length === 0) return [];
  const since = new Date(now - PERFORMANCE_WINDOW_MS).toISOString();
  const [standings, performance] = await Promise.all([
    readNodeStandings(db, {
      nodeIds: nodes.map((n) => n.nodeId),
      now,
      isLive: (id) => registry.get(id) !== undefined,
    }),
    rowsOf<PerformanceRow>(
      db,
      sql`select n.node_id, count(*) as tasks,
            avg((l.doc->'performance'->>'tokensPerSecond')::float8) as tokens_per_second,
            avg(least(1, (l.doc->'performance'->>'tokensPerSecond')::float8
              / nullif(m.expected_tokens_per_second, 0))) as speed_ratio,
            avg((l.doc->'performance'->>'firstTokenLatency')::float8) as first_token_ms
          from inference_logs l
          join gpu_nodes n on n.id = l.node_id
          left join models m on m.id = l.doc->>'model'
          where l.created_at > ${since}::timestamptz and l.doc->>'status' = 'completed'
          group by n.node_id`,
    ),
  ]);
  const byNode = new Map(performance.map((row) => [row.node_id, row]));
  const cards = nodes.map((node): NodeScoreCard => {
    const live = registry.get(node.nodeId);
    const standing = standings.get(node.nodeId) ?? { uptime: 0, auditPassRate: 1 };
    const perf = byNode.get(node.nodeId);
    const speedRatio = numberOrNull(perf?.speed_ratio ?? null);
    const firstTokenLatencyMs = numberOrNull(perf?.first_token_ms ?? null);
    const scoreInputs = {
      ...standing,
      tokensPerSecond: speedRatio ?? 1,
      expectedTokensPerSecond: speedRatio === null ? 0 : 1,
      firstTokenLatencyMs,
      accuracy: 1,
    };
    const score = live?.score ?? Number(node.reliabilityScore);
    return {
      nodeId: node.nodeId,
      status: live?.status ?? node.status,
      gpuModel: node.gpuModel,
      vramGb: node.vramGb,
      score,
      paymentAdjustmentPercent: paymentAdjustmentPercent(score),
      target: nodeScoreTarget(scoreInputs),
      inputs: {
        uptime: standing.uptime,
        tokensPerSecond: numberOrNull(perf?.tokens_per_second ?? null),
        speedRatio,
        firstTokenLatencyMs,
        auditPassRate: standing.auditPassRate,
        tasks24h: Number(perf?.tasks ?? 0),
      },
      factors: nodeScoreFactors(scoreInputs),
    };
  });
  return cards.sort((a, b) => Number(b.status === 'online') - Number(a.status === 'online'));
}
