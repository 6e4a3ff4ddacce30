import type { Db } from '@far/db';
import { readAuditPassRates } from '../audits/readNodeAuditRecord.js';
import type { NodeStandingInputs } from './nodeScoreTarget.js';
import { readNodeUptimes } from './readNodeUptimes.js';

/**
 * The standing part of each node's score inputs: uptime over the last week from its heartbeat
 * history, and its audit pass rate (passed canaries and spot-checks over all of them; 1 for a node
 * never checked, which the audit rate's extra checks of new nodes soon settle).
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
  const [uptimes, audits] = await Promise.all([
    readNodeUptimes(db, params),
    readAuditPassRates(db, params.nodeIds),
  ]);
  return new Map(
    params.nodeIds.map((nodeId) => {
      const record = audits.get(nodeId);
      const auditPassRate = record && record.checks > 0 ? record.passes / record.checks : 1;
      return [nodeId, { uptime: uptimes.get(nodeId) ?? 0, auditPassRate }];
    }),
  );
}
