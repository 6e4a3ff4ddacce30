import { type CachedStatement, type Db, ledgerReservations } from '@far/db';
import { eq } from 'drizzle-orm';
import { capture } from '../../ledger/capture.js';
import { CREATOR_FEE_STAKERS_METADATA_KEY } from '../../ledger/collectUnsettledCharges.js';
import type { LedgerAccountRef } from '../../ledger/LedgerAccountRef.js';
import { lockLedgerAccounts } from '../../ledger/lockLedgerAccounts.js';
import { settleReservation } from '../../ledger/settleReservation.js';
import type { FinishInferenceTaskParams } from './finishInferenceTask.js';
import type { SurchargeSplit } from './InferenceSurcharge.js';
import type { planPayouts } from './planPayouts.js';

/** A task's outcome rows, written inside its settlement's transaction. */
export type TaskOutcomeRows = {
  /**
   * The rows as plain statements that need no answer: sent in the settlement's postings round
   * trip (see settleReservation's `alongsideStatements`).
   */
  statements: (tx: Db) => CachedStatement[];
  /** Anything else to write in the same transaction, after the posting. */
  rest: ((tx: Db) => Promise<void>) | undefined;
};

/**
 * Posts a finished task's charge to the ledger: one posting per serving node (a failed-over task
 * has several), the last one closing the reservation, with the outcome rows written in the same
 * transaction. A task served by one node goes through `params.groupCommit` when given one (its
 * transaction then shared with the other settlements of the moment); a failed-over task locks
 * everything it touches up front in a transaction of its own.
 *
 * @param db - the root database handle.
 * @param params - the task (reservation, user, surcharge, groupCommit).
 * @param payouts - the charge's parts per node and their summed split (planPayouts).
 * @param outcomeRows - the task's outcome rows, written inside the settlement's transaction.
 * @param surcharge - the surcharge charged on the closing posting, if any.
 * @returns once the settlement has committed.
 * @example
 * await postTaskCharge(db, params, await planPayouts(db, plan), { statements: (tx) => [update(tx)], rest: undefined }, undefined);
 */
export async function postTaskCharge(
  db: Db,
  params: FinishInferenceTaskParams,
  payouts: Awaited<ReturnType<typeof planPayouts>>,
  outcomeRows: TaskOutcomeRows,
  surcharge: { amount: bigint; split: SurchargeSplit } | undefined,
): Promise<void> {
  const { taskId, promptTokens, delivered } = params;
  const split = payouts.total;
  // The settlement batcher credits each node its own share.
  const parts = payouts.parts.length > 0 ? payouts.parts : [{ node: undefined, amount: 0n, split }];
  const posting = (part: (typeof parts)[number], i: number) => ({
    reservationId: params.reservationId,
    split: { ...(part.node ? { nodeId: part.node.id } : {}), ...part.split },
    metadata: { taskId, promptTokens, completionTokens: delivered, part: i },
  });
  const last = parts.length - 1;
  const lastPart = parts[last] as (typeof parts)[number];
  // The surcharge rides on the closing posting: one ledger transaction charges both.
  const lastPosting = posting(lastPart, last);
  const settleLast = (executor: Db, outcome?: TaskOutcomeRows) =>
    settleReservation(executor, {
      ...lastPosting,
      split: surcharge
        ? {
            ...lastPosting.split,
            stakers: lastPosting.split.stakers + surcharge.split.stakers,
            treasury: lastPosting.split.treasury + surcharge.split.treasury,
            creator: { userId: surcharge.split.creatorUserId, amount: surcharge.split.creator },
          }
        : lastPosting.split,
      // Settlement books the surcharge's stakers share under the service's own revenue source.
      metadata: surcharge
        ? { ...lastPosting.metadata, [CREATOR_FEE_STAKERS_METADATA_KEY]: surcharge.split.stakers.toString() }
        : lastPosting.metadata,
      actual: lastPart.amount + (surcharge?.amount ?? 0n),
      idempotencyKey: `task:${taskId}:settle`,
      alongsideStatements: outcome?.statements,
      alongside: outcome?.rest,
    });
  if (parts.length === 1 && params.groupCommit) {
    const accounts: LedgerAccountRef[] = [
      { kind: 'user_available', userId: params.userId },
      { kind: 'user_reserved', userId: params.userId },
      { kind: 'stakers_pool' },
      { kind: 'treasury' },
      ...(lastPart.node && lastPart.split.node > 0n
        ? [{ kind: 'node_earnings' as const, nodeId: lastPart.node.id }]
        : []),
      ...(surcharge && surcharge.split.creator > 0n
        ? [{ kind: 'creator_earnings' as const, userId: surcharge.split.creatorUserId }]
        : []),
    ];
    await params.groupCommit.run({
      reservationIds: [params.reservationId],
      accounts,
      work: (executor) => settleLast(executor, outcomeRows),
    });
  } else if (parts.length === 1) {
    await settleLast(db, outcomeRows);
  } else {
    await db.transaction(async (tx) => {
      // Every capture locks its own accounts in id order, but not across captures: two failed-over
      // tasks paying the same nodes in opposite orders would deadlock. So the reservation, then
      // every account the whole settlement touches, are locked up front, in the order a
      // single-node settlement and the restart recovery use.
      await tx
        .select({ id: ledgerReservations.id })
        .from(ledgerReservations)
        .where(eq(ledgerReservations.id, params.reservationId))
        .for('update');
      await lockLedgerAccounts(tx, [
        { kind: 'user_available', userId: params.userId },
        { kind: 'user_reserved', userId: params.userId },
        { kind: 'stakers_pool' },
        { kind: 'treasury' },
        ...parts.flatMap((part) =>
          part.node ? [{ kind: 'node_earnings' as const, nodeId: part.node.id }] : [],
        ),
        ...(surcharge ? [{ kind: 'creator_earnings' as const, userId: surcharge.split.creatorUserId }] : []),
      ]);
      for (const [i, part] of parts.entries()) {
        if (i === last) break;
        await capture(tx, {
          ...posting(part, i),
          amount: part.amount,
          idempotencyKey: `task:${taskId}:settle:${i}`,
        });
      }
      await settleLast(tx, outcomeRows);
    });
  }
}
