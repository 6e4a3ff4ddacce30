import { type Db, nodeOnlineIntervals } from '@far/db';
import { and, gt, inArray, min } from 'drizzle-orm';
import { computeUptime, type OnlineInterval } from './computeUptime.js';

/** The window uptime is judged over (or since the node was first seen, if shorter). */
export const UPTIME_WINDOW_MS = 7 * 24 * 3600_000;

/**
 * Each node's uptime over the last {@link UPTIME_WINDOW_MS}, from its recorded online intervals. An
 * interval still open ends at its last recorded heartbeat, or at `now` for a node this coordinator
 * sees connected (`isLive`), whose heartbeats are written only every few seconds.
 *
 * @param db - the database.
 * @param params - the nodes, the time, and which of them are connected now.
 * @returns uptime 0..1 by node id (0 for a node with no recorded interval).
 * @example
 * const uptimes = await readNodeUptimes(db, { nodeIds: ['local-1'], now: Date.now(), isLive: () => true });
 */
export async function readNodeUptimes(
  db: Db,
  params: { nodeIds: readonly string[]; now: number; isLive: (nodeId: string) => boolean },
): Promise<Map<string, number>> {
  const { nodeIds, now } = params;
  const result = new Map<string, number>();
  if (nodeIds.length === 0) return result;
  const from = now - UPTIME_WINDOW_MS;
  const t = nodeOnlineIntervals;
  const [rows, firstSeen] = await Promise.all([
    db
      .select({
        nodeId: t.nodeId,
        startedAt: t.startedAt,
        lastHeartbeatAt: t.lastHeartbeatAt,
        endedAt: t.endedAt,
      })
      .from(t)
      .where(and(inArray(t.nodeId, [...nodeIds]), gt(t.lastHeartbeatAt, new Date(from)))),
    db
      .select({ nodeId: t.nodeId, first: min(t.startedAt) })
      .from(t)
      .where(inArray(t.nodeId, [...nodeIds]))
      .groupBy(t.nodeId),
  ]);
  const byNode = new Map<string, OnlineInterval[]>();
  for (const row of rows) {
    const open = row.endedAt === null;
    const end = open && params.isLive(row.nodeId) ? now : (row.endedAt ?? row.lastHeartbeatAt).getTime();
    const list = byNode.get(row.nodeId) ?? [];
    list.push({ start: row.startedAt.getTime(), end });
    byNode.set(row.nodeId, list);
  }
  const firstSeenById = new Map(
    firstSeen.map((r) => [r.nodeId, r.first ? new Date(r.first).getTime() : undefined]),
  );
  for (const nodeId of nodeIds) {
    result.set(
      nodeId,
      computeUptime(byNode.get(nodeId) ?? [], { from, to: now, firstSeenAt: firstSeenById.get(nodeId) }),
    );
  }
  return result;
}
