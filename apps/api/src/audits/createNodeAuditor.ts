import type { Db } from '@far/db';
import type { DispatchPlacement } from '../dispatch/dispatchTask.js';
import type { DispatchRequest, DispatchResult, DispatchStream } from '../dispatch/dispatchTypes.js';
import type { Logger } from '../observability/createLogger.js';
import { countPromptTokens } from '../services/inference/countPromptTokens.js';
import type {
  AuditedNetwork,
  AuditorContext,
  AuditorStats,
  CheckRequest,
  RunCostWei,
} from './auditorContext.js';
import { type AuditConfig, auditRatesFor, DEFAULT_AUDIT_CONFIG } from './auditRates.js';
import { createCanaryScheduler } from './createCanaryScheduler.js';
import { emptyAuditStats } from './emptyAuditStats.js';
import { readAuditPassRates } from './readNodeAuditRecord.js';
import { sendCanary } from './sendCanary.js';
import { spotCheckTask } from './spotCheckTask.js';

export type CreateNodeAuditorOptions = {
  db: Db;
  network: AuditedNetwork;
  logger: Logger;
  config?: Partial<AuditConfig> | undefined;
  runCostWei: RunCostWei;
  /**
   * The most further tasks the node serves between a task that draws a canary and the canary
   * (a random 0..K; default 20, ~10 of its tasks on average).
   */
  canaryDelayTasks?: number | undefined;
  /** The longest random wait for those tasks: an idle node gets its canary all the same (default 10 s). */
  canaryDelayMs?: number | undefined;
  /** 0..1, Math.random by default; tests pass their own. */
  random?: (() => number) | undefined;
};

export type NodeAuditor = {
  /** The gateway's dispatch, watched: served tasks may be spot-checked and followed by a canary. */
  dispatch(request: DispatchRequest): Promise<DispatchStream>;
  stats(): AuditorStats;
  /**
   * Resolves once every check started or scheduled so far has been recorded (a canary still waiting
   * for its node's tasks goes out at its time bound).
   */
  settled(): Promise<void>;
  close(): void;
};

/**
 * Proof of serving (issue 18): watches the tasks the network serves and checks nodes by sampling,
 * off the request's path. After a served task, with the node's rates (`auditRatesFor`: new and
 * low-score nodes are on probation and checked more), the task is re-run on another node and
 * compared (greedy tasks only, `spotCheckTask`), and a canary is sent to the node once it served a
 * random 0..`canaryDelayTasks` further tasks, or after a random wait if it serves fewer
 * (`createCanaryScheduler`, `sendCanary`). Failed checks are strikes; enough of them suspend the
 * node. Checks are paid from the treasury and recorded (`recordNodeAudit`). See README.md.
 *
 * @example
 * const auditor = createNodeAuditor({ db, network: core.nodes, logger, runCostWei });
 * startInference({ ...deps, dispatch: auditor.dispatch }, input);
 */
export function createNodeAuditor(options: CreateNodeAuditorOptions): NodeAuditor {
  const config: AuditConfig = { ...DEFAULT_AUDIT_CONFIG, ...options.config };
  const random = options.random ?? Math.random;
  const canaries = createCanaryScheduler({
    maxTasks: options.canaryDelayTasks ?? 20,
    maxDelayMs: options.canaryDelayMs ?? 10_000,
    random,
  });
  const ctx: AuditorContext = {
    db: options.db,
    network: options.network,
    logger: options.logger,
    config,
    runCostWei: options.runCostWei,
    stats: emptyAuditStats(),
  };
  const inFlight = new Set<Promise<void>>();
  const passedChecks = createPassedChecksCache(options.db);
  let closed = false;

  const start = (check: () => Promise<void>): void => {
    if (closed || inFlight.size >= config.maxInFlight) return;
    const running = check()
      .catch((error: unknown) => options.logger.error({ err: error }, 'proof-of-serving check failed'))
      .finally(() => inFlight.delete(running));
    inFlight.add(running);
  };

  const ratesOf = (nodeId: string) =>
    auditRatesFor(
      { passedChecks: passedChecks.get(nodeId), score: options.network.registry.get(nodeId)?.score ?? 0 },
      config,
    );

  /** `frames`: the answer, kept only for a task sampled for a spot check when it started. */
  const onServed = (
    request: DispatchRequest,
    result: DispatchResult,
    frames: readonly string[] | undefined,
  ): void => {
    ctx.stats.userTasks += 1;
    ctx.stats.userTokens += countPromptTokens(request) + result.completionTokensCounted;
    const nodeId = result.nodeId;
    // Before this task draws its own: a canary waits for tasks served after the one that drew it.
    canaries.served(nodeId);
    const rates = ratesOf(nodeId);
    const {
      taskId,
      signal: _signal,
      minVramGb: _minVram,
      exclude: _exclude,
      ...fields
    } = request as DispatchRequest & DispatchPlacement;
    // Served by the one node it started on, greedy, not cancelled: its answer can be re-run.
    if (frames && result.segments.length === 1 && result.finishReason !== 'cancelled') {
      const checked: CheckRequest = { ...fields, temperature: 0 };
      start(() =>
        spotCheckTask(ctx, { taskId, nodeId, request: checked, frames }).then(() =>
          passedChecks.refresh(nodeId),
        ),
      );
    }
    if (random() < rates.canary)
      canaries.schedule(nodeId, () =>
        start(() => sendCanary(ctx, nodeId, request.model).then(() => passedChecks.refresh(nodeId))),
      );
  };

  return {
    async dispatch(request) {
      const stream = await options.network.dispatch(request);
      // Whether the task is spot-checked is drawn now, its node known: only a sampled task's
      // answer (1–3 % of greedy tasks) is copied, not every token of every task.
      const sampled = request.temperature === 0 && random() < ratesOf(stream.nodeId).audit;
      const frames: string[] | undefined = sampled ? [] : undefined;
      async function* watched() {
        if (frames) {
          for await (const batch of stream) {
            for (const token of batch) frames.push(token.text);
            yield batch;
          }
        } else yield* stream;
        // The caller read the whole answer: what the node served is known.
        const result = await stream.result;
        if (result.finishReason === 'stop' || result.finishReason === 'length')
          onServed(request, result, frames);
      }
      return {
        taskId: stream.taskId,
        nodeId: stream.nodeId,
        result: stream.result,
        [Symbol.asyncIterator]: watched,
      };
    },
    stats: () => ({ ...ctx.stats }),
    async settled() {
      while (inFlight.size > 0 || canaries.waiting() > 0) {
        await Promise.all([...inFlight]);
        if (inFlight.size === 0 && canaries.waiting() > 0) await new Promise((r) => setTimeout(r, 20));
      }
    },
    close() {
      closed = true;
      canaries.close();
    },
  };
}

/**
 * Passed checks per node, read once per node from `node_audits` and after each of its checks, so
 * choosing a task's audit rate never waits for the database (until read, a node counts as new).
 */
function createPassedChecksCache(db: Db) {
  const counts = new Map<string, number>();
  const refresh = async (nodeId: string): Promise<void> => {
    const rates = await readAuditPassRates(db, [nodeId]);
    counts.set(nodeId, rates.get(nodeId)?.passes ?? 0);
  };
  return {
    get(nodeId: string): number {
      const known = counts.get(nodeId);
      if (known !== undefined) return known;
      counts.set(nodeId, 0);
      refresh(nodeId).catch(() => counts.delete(nodeId));
      return 0;
    },
    refresh,
  };
}
