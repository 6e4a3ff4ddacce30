import { splitRevenue } from '@far/contracts';
import {
  type Db,
  gpuNodes,
  inferenceTasks,
  ledgerReservations,
  ledgerTransactions,
  revenueStreams,
  users,
} from '@far/db';
import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { CREATOR_FEE_STAKERS_METADATA_KEY } from '../../ledger/collectUnsettledCharges.js';
import type { RevenueSplit } from '../../ledger/moveReservation.js';
import { settleReservation } from '../../ledger/settleReservation.js';
import { smallerWei } from '../../ledger/smallerWei.js';
import type { ModelCatalogue } from '../../models/readModelCatalogue.js';
import { readModelCatalogue } from '../../models/readModelCatalogue.js';
import type { Logger } from '../../observability/createLogger.js';
import type { ChatModelRegistry } from './ChatModelRegistry.js';
import {
  type InferenceSurcharge,
  readSurchargeRecovery,
  type SurchargeSplit,
  surchargeWei,
} from './InferenceSurcharge.js';
import { NEUTRAL_SCORE, splitWithoutNode } from './planPayouts.js';
import { taskCostUsd, taskCostWei } from './priceTokens.js';
import { TASK_HEARTBEAT_MS } from './startInference.js';

/** A task whose heartbeat is older than this lost its coordinator (15 missed beats). */
export const TASK_STALE_AFTER_MS = 15 * TASK_HEARTBEAT_MS;

export type RecoverInterruptedTasksOptions = {
  db: Db;
  farUsdPrice: () => Promise<bigint>;
  logger: Logger;
  /** Where a task's surcharge (a twin's fee) is rebuilt from, so a recovered chat bills it too. */
  chatModels?: Pick<ChatModelRegistry, 'find'> | undefined;
  now?: Date;
};

/**
 * Closes the tasks a dead coordinator left open (killed with -9, crashed, or a replica that
 * vanished): each open reservation is charged for the tokens the task recorded as delivered, at
 * most what was reserved, and the rest is released; the task is marked failed with the reason, and
 * the node's share shows in its earnings as after a normal finish, and a surcharge (a twin's fee) is
 * billed for the same tokens at the price it was admitted at, as a normal finish would. It uses the same idempotency
 * key as a normal finish, so nothing is ever charged twice, even if the original process comes
 * back and tries to finish the task itself; a task finished or recovered by someone else since it
 * was found stale is left alone.
 *
 * @returns how many tasks were recovered.
 */
export async function recoverInterruptedTasks(options: RecoverInterruptedTasksOptions): Promise<number> {
  const { db, logger } = options;
  const cutoff = new Date((options.now ?? new Date()).getTime() - TASK_STALE_AFTER_MS);
  const staleTasks = await db
    .select({ id: inferenceTasks.id, reservationId: inferenceTasks.reservationId })
    .from(inferenceTasks)
    .where(
      and(
        inArray(inferenceTasks.status, ['pending', 'running']),
        or(
          lt(inferenceTasks.heartbeatAt, cutoff),
          and(isNull(inferenceTasks.heartbeatAt), lt(inferenceTasks.createdAt, cutoff)),
        ),
      ),
    );
  if (staleTasks.length === 0) return 0;
  const price = await options.farUsdPrice();
  const catalogue = await readModelCatalogue(db);
  let recovered = 0;
  for (const stale of staleTasks) {
    const done = await db.transaction((tx) => recoverTask(tx, stale, price, catalogue, options.chatModels));
    if (done) recovered++;
  }
  if (recovered > 0) logger.warn({ recovered }, 'closed tasks left open by a stopped coordinator');
  return recovered;
}

/**
 * Closes one stale task, if it is still open under a row lock: bills what its row says was
 * delivered (never more than is reserved), pays its node at the neutral score, and marks it failed.
 *
 * @returns whether this call closed it.
 */
async function recoverTask(
  tx: Db,
  stale: { id: string; reservationId: string | null },
  price: bigint,
  catalogue: ModelCatalogue,
  chatModels: RecoverInterruptedTasksOptions['chatModels'],
): Promise<boolean> {
  // The reservation is locked first, as a normal finish does, so the two never deadlock.
  const [reservation] = stale.reservationId
    ? await tx
        .select()
        .from(ledgerReservations)
        .where(eq(ledgerReservations.id, stale.reservationId))
        .for('update')
    : [];
  // Look again under a row lock: since the scan, the coordinator may have finished the task
  // itself, or another replica's recovery may have closed it.
  const [task] = await tx
    .select()
    .from(inferenceTasks)
    .where(and(eq(inferenceTasks.id, stale.id), inArray(inferenceTasks.status, ['pending', 'running'])))
    .for('update');
  if (!task) return false;
  const delivered = task.tokensGenerated ?? 0;
  // Retired since it was admitted or not, the task settles at its model's price.
  const model = catalogue.find(task.modelName);
  // The node's live score died with the coordinator: pay it at the neutral score (no adjustment).
  // A task that never reached a node delivered nothing, so it is charged nothing.
  const split = (charge: bigint) =>
    task.nodeId ? splitRevenue(charge, NEUTRAL_SCORE) : splitWithoutNode(charge);
  let charge = 0n;
  if (task.reservationId) {
    const held = reservation?.remainingWei ?? 0n;
    const billed = delivered > 0 && model ? (task.promptTokens ?? 0) + delivered : 0;
    const surcharge = await recoverSurcharge(tx, task, chatModels);
    // Like a normal finish: the base price within what was reserved for it, the surcharge within
    // its own part of the reservation.
    charge = smallerWei(
      model && billed > 0
        ? taskCostWei(model, { promptTokens: task.promptTokens ?? 0, completionTokens: delivered }, price)
        : 0n,
      held > surcharge.estimate ? held - surcharge.estimate : 0n,
    );
    const fee = surcharge.of(billed, held - charge);
    if (reservation && reservation.status === 'open') {
      const base: RevenueSplit = { ...(task.nodeId ? { nodeId: task.nodeId } : {}), ...split(charge) };
      await settleReservation(tx, {
        reservationId: task.reservationId,
        actual: charge + (fee?.amount ?? 0n),
        split: fee
          ? {
              ...base,
              stakers: base.stakers + fee.split.stakers,
              treasury: base.treasury + fee.split.treasury,
              creator: { userId: fee.split.creatorUserId, amount: fee.split.creator },
            }
          : base,
        idempotencyKey: `task:${task.id}:settle`,
        metadata: {
          taskId: task.id,
          recovered: true,
          completionTokens: delivered,
          ...(fee ? { [CREATOR_FEE_STAKERS_METADATA_KEY]: fee.split.stakers.toString() } : {}),
        },
      });
      if (fee && surcharge.value)
        await surcharge.value.record(tx, { taskId: task.id, tokens: billed, ...fee });
    }
  }
  const shares = split(charge);
  await tx
    .update(inferenceTasks)
    .set({
      status: 'failed',
      completionTokens: delivered,
      costFarWei: charge,
      costUsd:
        model && charge > 0n
          ? taskCostUsd(model, { promptTokens: task.promptTokens ?? 0, completionTokens: delivered })
          : '0',
      nodeShareWei: shares.node,
      stakersShareWei: shares.stakers,
      treasuryShareWei: shares.treasury,
      failureReason: `coordinator stopped while the task ran; billed the ${delivered} tokens it had delivered`,
      completedAt: new Date(),
    })
    .where(eq(inferenceTasks.id, task.id));
  if (task.nodeId && shares.node > 0n) {
    // What a normal finish records for the node, so its owner's earnings match the ledger.
    const [node] = await tx
      .update(gpuNodes)
      .set({
        tasksCompleted: sql`${gpuNodes.tasksCompleted} + 1`,
        totalEarnedWei: sql`${gpuNodes.totalEarnedWei} + ${shares.node.toString()}::numeric`,
      })
      .where(eq(gpuNodes.id, task.nodeId))
      .returning({ owner: gpuNodes.ownerAddress });
    const [owner] = node
      ? await tx.select({ id: users.id }).from(users).where(eq(users.walletAddress, node.owner))
      : [];
    if (owner) {
      await tx.insert(revenueStreams).values({
        streamType: 'inference_node',
        service: 'inference',
        userId: owner.id,
        amountFarWei: shares.node,
        taskId: task.id,
      });
    }
  }
  return true;
}

/**
 * The surcharge a task was admitted with (from its reservation's metadata, rebuilt by the chat
 * model's provider): its share of the reservation, and what it charges for `billed` tokens.
 */
async function recoverSurcharge(
  tx: Db,
  task: {
    reservationId: string | null;
    userId: string;
    promptTokens: number | null;
    maxTokens: number | null;
  },
  chatModels: RecoverInterruptedTasksOptions['chatModels'],
) {
  const none = { estimate: 0n, value: undefined, of: () => undefined };
  if (!task.reservationId || !chatModels) return none;
  const [reserved] = await tx
    .select({ metadata: ledgerTransactions.metadata })
    .from(ledgerTransactions)
    .where(eq(ledgerTransactions.id, task.reservationId));
  const recovery = readSurchargeRecovery(reserved?.metadata);
  const provider = recovery ? chatModels.find(recovery.modelId) : undefined;
  if (!recovery || !provider?.recoverSurcharge) return none;
  const value: InferenceSurcharge | undefined = await provider.recoverSurcharge(tx, {
    ref: recovery.ref,
    weiPerMillionTokens: recovery.weiPerMillionTokens,
    payerUserId: task.userId,
  });
  const estimate = surchargeWei(
    (task.promptTokens ?? 0) + (task.maxTokens ?? 0),
    recovery.weiPerMillionTokens,
  );
  return {
    estimate,
    value,
    of: (billed: number, left: bigint): { amount: bigint; split: SurchargeSplit } | undefined => {
      if (!value || billed === 0) return undefined;
      const amount = smallerWei(smallerWei(surchargeWei(billed, value.weiPerMillionTokens), estimate), left);
      return amount > 0n ? { amount, split: value.split(amount) } : undefined;
    },
  };
}
