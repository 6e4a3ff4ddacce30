import type { NodeAuditKind } from '@far/db';
import { suspendNode } from '../nodes/suspendNode.js';
import { strikeScoreDrop } from '../scores/strikeScoreDrop.js';
import type { EvidenceValue } from './auditEvidenceHash.js';
import type { AuditorContext, CheckRun } from './auditorContext.js';
import { checkPayments } from './auditorContext.js';
import { readAuditPassRates } from './readNodeAuditRecord.js';
import { recordNodeAudit } from './recordNodeAudit.js';

export type CheckOutcome = {
  nodeId: string;
  taskId: string;
  kind: NodeAuditKind;
  passed: boolean;
  model: string;
  evidence: { readonly [key: string]: EvidenceValue };
  auditorNodeId?: string | undefined;
  /** The runs this check made (each paid from the treasury); empty for a check that paid elsewhere. */
  runs: readonly CheckRun[];
};

/**
 * Records a check's outcome; a failed one is a strike: it lowers the node's audit pass rate, so the
 * public formula's target, and the live score drops by as much at once (`strikeScoreDrop`; its
 * payment adjustment follows the score) — counted once, through the pass rate, never as a separate
 * penalty. Reaching `strikesToSuspend` strikes within the window suspends the node (actor `system`,
 * the latest evidence hash in the reason).
 *
 * @returns the recorded row's id and evidence hash.
 */
export async function strikeOrPass(ctx: AuditorContext, outcome: CheckOutcome) {
  const { config, network } = ctx;
  const recorded = await recordNodeAudit(ctx.db, {
    nodeId: outcome.nodeId,
    taskId: outcome.taskId,
    kind: outcome.kind,
    passed: outcome.passed,
    evidence: outcome.evidence,
    auditorNodeId: outcome.auditorNodeId,
    payments: await checkPayments(ctx, outcome.model, outcome.runs),
    strikesSince: new Date(Date.now() - config.strikeWindowMs),
  });
  if (outcome.passed) return recorded;
  ctx.stats.strikes += 1;
  if (network.registry.get(outcome.nodeId)) {
    const record = (await readAuditPassRates(ctx.db, [outcome.nodeId])).get(outcome.nodeId);
    // The score as it is now, after the read: tasks may have moved it meanwhile.
    const live = network.registry.get(outcome.nodeId);
    if (live && record)
      network.registry.setScore(outcome.nodeId, Math.max(0, live.score - strikeScoreDrop(record)));
  }
  ctx.logger.warn(
    {
      nodeId: outcome.nodeId,
      kind: outcome.kind,
      evidenceHash: recorded.evidenceHash,
      strikes: recorded.strikes,
    },
    'node failed a check',
  );
  if (recorded.strikes >= config.strikesToSuspend) {
    const hours = Math.round(config.strikeWindowMs / 3_600_000);
    const { created } = await suspendNode(
      ctx.db,
      {
        nodeId: outcome.nodeId,
        reason: `${recorded.strikes} failed proof-of-serving checks within ${hours} h (latest evidence ${recorded.evidenceHash})`,
        actor: 'system',
      },
      network,
    );
    if (created) ctx.stats.suspensions += 1;
  }
  return recorded;
}
