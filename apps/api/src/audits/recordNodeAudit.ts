import { type Db, type NodeAuditKind, nodeAudits, nodeSuspensions } from '@far/db';
import { and, count, eq, gt, isNotNull, max } from 'drizzle-orm';
import { auditPayIdempotencyKey } from '../ledger/auditPayIdempotencyKey.js';
import { lendGroupLocks } from '../ledger/groupLocks.js';
import { type LedgerAccountRef, ledgerAccountKey } from '../ledger/LedgerAccountRef.js';
import { type LockedLedgerAccount, lockLedgerAccounts } from '../ledger/lockLedgerAccounts.js';
import { transfer } from '../ledger/transfer.js';
import { withoutSavepoints } from '../ledger/withoutSavepoints.js';
import { findPayableNodes } from '../services/inference/findPayableNodes.js';
import { auditEvidenceHash, type EvidenceValue } from './auditEvidenceHash.js';

const TREASURY: LedgerAccountRef = { kind: 'treasury' };

/** A node that did a check's work (a re-run, a canary answer) and is paid for it from the treasury. */
export type AuditPayment = { nodeId: string; amount: bigint };

export type RecordNodeAuditParameters = {
  /** The checked node (its public id). */
  nodeId: string;
  /** The checked task (the user's for an audit, the canary's own). */
  taskId: string;
  kind: NodeAuditKind;
  passed: boolean;
  /** The evidence: hashed canonically, stored as `detail`. */
  evidence: { readonly [key: string]: EvidenceValue };
  auditorNodeId?: string | undefined;
  /** The runs this check paid for; paid from the treasury as far as it holds enough. */
  payments: readonly AuditPayment[];
  /** Only strikes after this moment count towards a suspension (the strike window's start). */
  strikesSince: Date;
};

export type RecordNodeAuditReturnType = {
  id: string;
  evidenceHash: `0x${string}`;
  /** What the treasury paid for this check's runs, wei (less than asked when it held less). */
  paid: bigint;
  /** The node's strikes in the window since its last suspension was lifted, this one included. */
  strikes: number;
};

/**
 * Records one check of a node in one transaction: the `node_audits` row with its evidence hash,
 * and the payment of every node that ran a part of it (the treasury's ledger account → each node's
 * earnings, posted with the audit's id so a replay pays nothing twice; the settlement batcher later
 * pays the same amount on chain out of a batch's treasury share). A treasury that cannot cover
 * a payment pays nothing for it and the row records what was paid, so every wei is accounted. Then
 * it counts the node's strikes since `strikesSince` or its last lifted suspension, whichever is
 * later.
 *
 * @param db - the system-of-record database.
 * @param params - the check and its evidence.
 * @returns the row's id, its evidence hash, what was paid, and the strikes counted.
 * @example
 * const { strikes } = await recordNodeAudit(db, { nodeId, taskId, kind: 'audit', passed: false, evidence, payments, strikesSince });
 */
export async function recordNodeAudit(
  db: Db,
  params: RecordNodeAuditParameters,
): Promise<RecordNodeAuditReturnType> {
  const evidenceHash = auditEvidenceHash(params.evidence);
  const payable = await findPayableNodes(
    db,
    params.payments.map((p) => p.nodeId),
  );
  // The runs to pay, each with its node's earnings account and its index (the idempotency key's).
  const due = params.payments.flatMap((payment, index) => {
    const node = payable.get(payment.nodeId);
    if (!node || payment.amount <= 0n) return [];
    return [{ payment, index, account: { kind: 'node_earnings' as const, nodeId: node.id } }];
  });
  const id = await db.transaction(async (tx) => {
    // Every account the payments move, locked at once and in id order before anything else (and
    // created first if new): paid one transfer at a time, a check locked the treasury with the
    // first node's account and then waited for the second node's, while another check holding
    // that one waited for the treasury, a deadlock Postgres broke after a second each time.
    const accounts =
      due.length > 0
        ? await lockLedgerAccounts(tx, [TREASURY, ...due.map((d) => d.account)])
        : new Map<string, LockedLedgerAccount>();
    // The transfers post under these locks, with no lock statement or savepoint of their own: the
    // treasury's lock is held for as few round trips as can be (every settlement waits for it).
    const paying = withoutSavepoints(tx);
    lendGroupLocks(paying, { accounts, reservations: new Map() });
    const [row] = await tx
      .insert(nodeAudits)
      .values({
        nodeId: params.nodeId,
        taskId: params.taskId,
        kind: params.kind,
        passed: params.passed,
        evidenceHash,
        detail: params.evidence as Record<string, unknown>,
        auditorNodeId: params.auditorNodeId ?? null,
      })
      .returning({ id: nodeAudits.id });
    if (!row) throw new Error(`node_audits insert for ${params.nodeId} returned no row`);
    let paid = 0n;
    for (const { payment, index, account } of due) {
      // The treasury holds less than the run's pay: this run goes unpaid, recorded as such. Checked
      // on the locked row, which the transfers before it have moved.
      if ((accounts.get(ledgerAccountKey(TREASURY))?.balanceWei ?? 0n) < payment.amount) continue;
      await transfer(paying, {
        from: TREASURY,
        to: account,
        amount: payment.amount,
        idempotencyKey: auditPayIdempotencyKey(row.id, index),
        metadata: { auditId: row.id, kind: params.kind, nodeId: payment.nodeId, taskId: params.taskId },
      });
      paid += payment.amount;
    }
    if (paid > 0n) await tx.update(nodeAudits).set({ costFarWei: paid }).where(eq(nodeAudits.id, row.id));
    return { id: row.id, paid };
  });
  const strikes = params.passed ? 0 : await countStrikes(db, params.nodeId, params.strikesSince);
  return { id: id.id, evidenceHash, paid: id.paid, strikes };
}

/** Failed checks of the node after `since` and after its last lifted suspension. */
async function countStrikes(db: Db, nodeId: string, since: Date): Promise<number> {
  const [lift] = await db
    .select({ at: max(nodeSuspensions.liftedAt) })
    .from(nodeSuspensions)
    .where(and(eq(nodeSuspensions.nodeId, nodeId), isNotNull(nodeSuspensions.liftedAt)));
  const from = lift?.at && lift.at > since ? lift.at : since;
  const [row] = await db
    .select({ n: count() })
    .from(nodeAudits)
    .where(and(eq(nodeAudits.nodeId, nodeId), eq(nodeAudits.passed, false), gt(nodeAudits.createdAt, from)));
  return row?.n ?? 0;
}
