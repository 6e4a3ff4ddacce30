import { type Db, gpuNodes, inferenceTasks, type NetworkMetricsValues } from '@far/db';
import { count, gte, sql } from 'drizzle-orm';
import type { NodeRegistry } from '../nodes/nodeRegistry.js';

/**
 * One sample of the network: the live registry's nodes (online, per model, VRAM, reported tokens/s,
 * busy slots, average score), the scheduler's queue, and the tasks created and finished in the
 * `periodMs` before `now`.
 *
 * @param deps - the database, the live registry and the scheduler's queue depth.
 * @param now - the sample time, epoch ms.
 * @param periodMs - the span the counters cover (the sampling period).
 * @returns the sample's values.
 * @example
 * const values = await sampleNetworkMetrics({ db, registry, queued: () => scheduler.queued() }, Date.now(), 60_000);
 */
export async function sampleNetworkMetrics(
  deps: { db: Db; registry: NodeRegistry; queued: () => number },
  now: number,
  periodMs: number,
): Promise<NetworkMetricsValues> {
  const { db, registry } = deps;
  // A raw `sql` parameter is not mapped by the column's type: postgres-js needs the timestamp as text.
  const since = new Date(now - periodMs).toISOString();
  const t = inferenceTasks;
  const [[total], [tasks]] = await Promise.all([
    db.select({ n: count() }).from(gpuNodes),
    db
      .select({
        requests: sql<number>`count(*) filter (where ${t.createdAt} >= ${since})`.mapWith(Number),
        completed:
          sql<number>`count(*) filter (where ${t.status} = 'completed' and ${t.completedAt} >= ${since})`.mapWith(
            Number,
          ),
        failed:
          sql<number>`count(*) filter (where ${t.status} = 'failed' and ${t.completedAt} >= ${since})`.mapWith(
            Number,
          ),
      })
      .from(t)
      // Tasks finishing now began recently: the created_at index bounds the scan.
      .where(gte(t.createdAt, new Date(now - periodMs - 3_600_000))),
  ]);
  const online = [...registry.all()].filter((node) => node.status === 'online');
  const nodesByModel: Record<string, number> = {};
  let slots = 0;
  let busy = 0;
  for (const node of online) {
    slots += node.maxConcurrency;
    busy += Math.min(node.activeTasks, node.maxConcurrency);
    for (const model of node.models) nodesByModel[model.id] = (nodesByModel[model.id] ?? 0) + 1;
  }
  const completed = tasks?.completed ?? 0;
  const failed = tasks?.failed ?? 0;
  return {
    nodesOnline: online.length,
    nodesTotal: Math.max(Number(total?.n ?? 0), online.length),
    totalVramGb: online.reduce((sum, node) => sum + node.gpu.vramGb, 0),
    tokensPerSecond: online.reduce((sum, node) => sum + node.tokensPerSecond, 0),
    utilization: slots > 0 ? busy / slots : 0,
    averageScore: online.length > 0 ? online.reduce((sum, node) => sum + node.score, 0) / online.length : 0,
    queueDepth: deps.queued(),
    requests: tasks?.requests ?? 0,
    completed,
    failed,
    errorRate: completed + failed > 0 ? failed / (completed + failed) : 0,
    nodesByModel,
  };
}
