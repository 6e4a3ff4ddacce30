import { type Db, type NodeAuditKind, nodeAudits, nodeSuspensions } from '@far/db';
import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';

/** One check as the public sees it: no prompt or answer text (those are users' data). */
export type PublicNodeAudit = {
  kind: NodeAuditKind;
  passed: boolean;
  evidenceHash: string;
  /** Where the answer diverged (first differing character), for a strike. */
  divergedAt: number | null;
  createdAt: Date;
};

/** A node's audit record: what the GPU page shows and the score's audit pass rate. */
export type NodeAuditRecord = {
  nodeId: string;
  checks: number;
  passes: number;
  strikes: number;
  /** passes ÷ checks; null before the first check. */
  passRate: number | null;
  /** The open suspension, if any. */
  suspension: { reason: string; actor: string; since: Date } | null;
  recent: PublicNodeAudit[];
};

/**
 * Reads a node's audit record: its passed and failed checks, its open suspension, and its latest
 * checks (evidence hashes, never the prompt or answers).
 *
 * @param db - the system-of-record database.
 * @param nodeId - the node's public id.
 * @param recent - how many of the latest checks to list (default 20).
 * @example
 * const { passRate, strikes, recent } = await readNodeAuditRecord(db, 'local-1');
 */
export async function readNodeAuditRecord(db: Db, nodeId: string, recent = 20): Promise<NodeAuditRecord> {
  const [counts, latest, open] = await Promise.all([
    readAuditPassRates(db, [nodeId]),
    db
      .select({
        kind: nodeAudits.kind,
        passed: nodeAudits.passed,
        evidenceHash: nodeAudits.evidenceHash,
        divergedAt: sql<number | null>`(${nodeAudits.detail}->>'divergedAt')::int`,
        createdAt: nodeAudits.createdAt,
      })
      .from(nodeAudits)
      .where(eq(nodeAudits.nodeId, nodeId))
      .orderBy(desc(nodeAudits.createdAt))
      .limit(recent),
    db
      .select({
        reason: nodeSuspensions.reason,
        actor: nodeSuspensions.actor,
        since: nodeSuspensions.createdAt,
      })
      .from(nodeSuspensions)
      .where(and(eq(nodeSuspensions.nodeId, nodeId), isNull(nodeSuspensions.liftedAt))),
  ]);
  const c = counts.get(nodeId) ?? { checks: 0, passes: 0 };
  return {
    nodeId,
    checks: c.checks,
    passes: c.passes,
    strikes: c.checks - c.passes,
    passRate: c.checks === 0 ? null : c.passes / c.checks,
    suspension: open[0] ?? null,
    recent: latest.map((r) => ({ ...r, divergedAt: r.divergedAt === null ? null : Number(r.divergedAt) })),
  };
}

/**
 * Checks and passes per node, for many nodes in one query: the score formula's audit pass rate is
 * `passes / checks` (a node never checked has none; the formula decides what that counts as).
 *
 * @example
 * const rates = await readAuditPassRates(db, ['local-1', 'local-2']);
 * rates.get('local-1') // { checks: 12, passes: 12 }
 */
export async function readAuditPassRates(
  db: Db,
  nodeIds: readonly string[],
): Promise<Map<string, { checks: number; passes: number }>> {
  if (nodeIds.length === 0) return new Map();
  const rows = await db
    .select({
      nodeId: nodeAudits.nodeId,
      checks: count(),
      passes: sql<number>`count(*) filter (where ${nodeAudits.passed})`.mapWith(Number),
    })
    .from(nodeAudits)
    .where(inArray(nodeAudits.nodeId, [...nodeIds]))
    .groupBy(nodeAudits.nodeId);
  return new Map(rows.map((r) => [r.nodeId, { checks: Number(r.checks), passes: Number(r.passes) }]));
}
