import { randomUUID } from 'node:crypto';
import { batches, batchRequests, type Db } from '@far/db';
import { and, eq, inArray } from 'drizzle-orm';
import type { NodeRegistry } from '../../../nodes/nodeRegistry.js';
import type { Logger } from '../../../observability/createLogger.js';
import type { EmbeddingDependencies } from '../embeddings/createEmbeddings.js';
import type { InferenceDependencies } from '../startInference.js';
import { activateBatches } from './activateBatches.js';
import { createSpareSlotClaimer } from './createSpareSlotClaimer.js';
import { deleteExpiredBatchFiles } from './deleteExpiredBatchFiles.js';
import { finalizeBatches } from './finalizeBatches.js';
import { type BatchRequestResult, type ClaimedBatchRequest, runBatchRequest } from './runBatchRequest.js';
import { spareBatchSlots } from './spareBatchSlots.js';

export type BatchRunnerOptions = {
  db: Db;
  inference: InferenceDependencies;
  embeddings?: EmbeddingDependencies | undefined;
  /** The live nodes: batch work takes only their spare slots. */
  registry: Pick<NodeRegistry, 'all' | 'onCapacity'>;
  /** Interactive requests waiting for a node of a model (the scheduler's queue). */
  queued: (model: string) => number;
  logger: Logger;
  /** Requests this runner runs at once, across every batch (default 16). */
  concurrency?: number | undefined;
  /** Share of each node's slots left to interactive traffic (default 0.25). */
  reservedShare?: number | undefined;
  /** How long a claimed request stays this runner's without a renewal (default 60 s). */
  leaseMs?: number | undefined;
  /** How often the runner looks for work when nothing wakes it (default 1 s). */
  pollMs?: number | undefined;
  /** How often it deletes expired batch files (default 1 min). */
  sweepMs?: number | undefined;
  maxAttempts?: number | undefined;
  retryBaseMs?: number | undefined;
  /** Told of every finished attempt (tests count them). */
  onResult?: ((result: BatchRequestResult) => void) | undefined;
};

export type BatchRunner = {
  readonly id: string;
  start(): void;
  /** Stops claiming, aborts the requests in flight (released to other runners, unbilled) and waits for them. */
  close(): Promise<void>;
};

/**
 * The Batch API's worker: expands validated batches into requests, runs them on the network's
 * spare capacity (at most `concurrency` at once, never a slot interactive traffic is waiting for)
 * through the interactive money path, finalizes finished batches into output and error files, and
 * deletes expired batch files every `sweepMs` (`deleteExpiredBatchFiles`).
 * Every replica may run one: requests are claimed with row locks and leases (see
 * `claimBatchRequests`), renewed while they run, and a request whose runner died is claimed again
 * once its lease runs out, as a new attempt (a new task; the dead one's task is closed unbilled by
 * the interrupted-task recovery, since a batch answer is only delivered whole).
 *
 * @param options - database, money path, node registry, bounds.
 * @returns the runner (call `start()`; `close()` at shutdown).
 * @example
 * const runner = createBatchRunner({ db, inference, registry, queued, logger });
 * runner.start();
 */
export function createBatchRunner(options: BatchRunnerOptions): BatchRunner {
  const { db, logger } = options;
  const id = `batch-runner-${randomUUID()}`;
  const concurrency = options.concurrency ?? 16;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 1_000;
  const running = new Map<string, { batchId: string; abort: AbortController; done: Promise<void> }>();
  const closing = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let lease: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;
  let pass: Promise<void> | undefined;
  const sweepMs = options.sweepMs ?? 60_000;
  let sweptAt = 0;
  // A pass asked for while one runs: whether any, and whether a full one.
  let again: { full: boolean } | undefined;
  const claimer = createSpareSlotClaimer(db, { runnerId: id, leaseMs });

  const launch = (claimed: ClaimedBatchRequest) => {
    const key = `${claimed.batchId}\u0000${claimed.customId}`;
    const abort = new AbortController();
    const signal = AbortSignal.any([abort.signal, closing.signal]);
    const done = runBatchRequest(
      {
        db,
        inference: options.inference,
        embeddings: options.embeddings,
        runnerId: id,
        maxAttempts: options.maxAttempts,
        retryBaseMs: options.retryBaseMs,
      },
      claimed,
      signal,
    )
      .then((result) => options.onResult?.(result))
      .catch((error: unknown) =>
        logger.error({ err: error, batchId: claimed.batchId }, 'batch request failed to record'),
      )
      .finally(() => {
        running.delete(key);
        wake();
      });
    running.set(key, { batchId: claimed.batchId, abort, done });
  };

  /** Claims what fits; a full pass (the timer's) also activates new batches and finalizes finished ones. */
  const runPass = async (full: boolean) => {
    if (full) await activateBatches(db);
    const free = concurrency - running.size;
    if (full) claimer.lookAgain();
    if (free > 0 && !closing.signal.aborted) {
      const spare = spareBatchSlots(options.registry, options.queued, options.reservedShare ?? 0.25);
      for (const claimed of await claimer.claim(spare, free)) launch(claimed);
    }
    if (full) await finalizeBatches(db);
    if (full && Date.now() - sweptAt >= sweepMs) {
      sweptAt = Date.now();
      const deleted = await deleteExpiredBatchFiles(db);
      if (deleted > 0) logger.info({ deleted }, 'expired batch files deleted');
    }
  };

  /** Runs a pass now, or once more right after the one under way. */
  const tick = (full = true): Promise<void> => {
    if (pass) {
      again = { full: full || (again?.full ?? false) };
      return pass;
    }
    pass = runPass(full)
      .catch((error: unknown) => logger.warn({ err: error }, 'batch runner pass failed; will retry'))
      .finally(() => {
        pass = undefined;
        const next = again;
        again = undefined;
        if (next && !closing.signal.aborted) void tick(next.full);
      });
    return pass;
  };
  // A freed slot (a request done, a node's capacity) only needs a claim.
  const wake = () => {
    if (timer && !closing.signal.aborted) void tick(false);
  };

  const renewLeases = () => renewBatchLeases(db, { runnerId: id, leaseMs, running });

  return {
    id,
    start() {
      if (timer) return;
      timer = setInterval(() => void tick(), pollMs);
      timer.unref();
      lease = setInterval(
        () => {
          renewLeases().catch((error: unknown) =>
            logger.warn({ err: error }, 'could not renew batch leases'),
          );
        },
        Math.max(100, Math.floor(leaseMs / 3)),
      );
      lease.unref();
      unsubscribe = options.registry.onCapacity(() => wake());
      void tick();
    },
    async close() {
      closing.abort(new Error('the batch runner is closing'));
      clearInterval(timer);
      clearInterval(lease);
      unsubscribe?.();
      await pass;
      await Promise.all([...running.values()].map((r) => r.done));
    },
  };
}

/** Keeps a runner's claims alive, and stops its requests of batches cancelled meanwhile. */
async function renewBatchLeases(
  db: Db,
  params: {
    runnerId: string;
    leaseMs: number;
    running: ReadonlyMap<string, { batchId: string; abort: AbortController }>;
  },
): Promise<void> {
  const { running } = params;
  if (running.size === 0) return;
  await db
    .update(batchRequests)
    .set({ claimedUntil: new Date(Date.now() + params.leaseMs) })
    .where(and(eq(batchRequests.claimedBy, params.runnerId), eq(batchRequests.status, 'running')));
  const batchIds = [...new Set([...running.values()].map((r) => r.batchId))];
  const cancelling = await db
    .select({ id: batches.id })
    .from(batches)
    .where(and(inArray(batches.id, batchIds), eq(batches.status, 'cancelling')));
  const stop = new Set(cancelling.map((b) => b.id));
  for (const r of running.values())
    if (stop.has(r.batchId)) r.abort.abort(new Error('the batch was cancelled'));
}
