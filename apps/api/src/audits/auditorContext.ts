import { randomUUID } from 'node:crypto';
import type { Db } from '@far/db';
import type { InferenceRequest } from '@far/protocol';
import type { DispatchPlacement } from '../dispatch/dispatchTask.js';
import type { DispatchRequest, DispatchStream } from '../dispatch/dispatchTypes.js';
import type { NodeRegistry } from '../nodes/nodeRegistry.js';
import type { LiveNodeSuspender } from '../nodes/suspendNode.js';
import type { Logger } from '../observability/createLogger.js';
import { countPromptTokens } from '../services/inference/countPromptTokens.js';
import type { AuditConfig } from './auditRates.js';

/** What a check's runs cost a user at the model's price, wei; the node doing a run is paid its node share of it. */
export type RunCostWei = (
  model: string,
  usage: { promptTokens: number; completionTokens: number },
) => Promise<bigint>;

/** The node network as the auditor uses it: the gateway's dispatch (with placement), registry and suspension. */
export type AuditedNetwork = LiveNodeSuspender & {
  dispatch(request: DispatchRequest & DispatchPlacement): Promise<DispatchStream>;
  registry: NodeRegistry;
};

/** Counters of what the auditor did, for the bench and metrics. */
export type AuditorStats = {
  userTasks: number;
  /** Prompt + completion tokens of the user tasks seen. */
  userTokens: number;
  audits: number;
  canaries: number;
  /** Prompt + completion tokens of every check run (re-runs, arbiters, canaries, references). */
  checkTokens: number;
  strikes: number;
  suspensions: number;
};

export type AuditorContext = {
  db: Db;
  network: AuditedNetwork;
  logger: Logger;
  config: AuditConfig;
  runCostWei: RunCostWei;
  stats: AuditorStats;
};

/** One run of a check on one node: its answer frames and tokens. */
export type CheckRun = {
  /** The task id the node was sent (fresh, like any user task's). */
  taskId: string;
  nodeId: string;
  frames: string[];
  promptTokens: number;
  completionTokens: number;
};

/** The request fields a check re-sends: the user's request as it reached the node, greedy. */
export type CheckRequest = Omit<InferenceRequest, 'temperature'> & { temperature: 0 };

/**
 * Runs one check task through the ordinary dispatcher, so on the wire it is a task like any other
 * (a fresh task id, the same message shape, never marked). It must finish on one node and end by
 * `stop` or `length`, or it tells nothing: then undefined.
 *
 * @param exclude - nodes it must not run on (the checked node for a re-run; every other node for a canary).
 */
export async function runCheckTask(
  ctx: AuditorContext,
  request: CheckRequest,
  exclude: ReadonlySet<string>,
): Promise<CheckRun | undefined> {
  try {
    const taskId = randomUUID();
    const stream = await ctx.network.dispatch({ ...request, taskId, exclude });
    const frames: string[] = [];
    for await (const batch of stream) for (const token of batch) frames.push(token.text);
    const result = await stream.result;
    const promptTokens = countPromptTokens(request);
    ctx.stats.checkTokens += promptTokens + result.completionTokensCounted;
    if (result.segments.length !== 1 || (result.finishReason !== 'stop' && result.finishReason !== 'length'))
      return undefined;
    return {
      taskId,
      nodeId: result.nodeId,
      frames,
      promptTokens,
      completionTokens: result.completionTokensCounted,
    };
  } catch (error) {
    ctx.logger.debug({ err: error, model: request.model }, 'audit run found no node or failed');
    return undefined;
  }
}

/** What each run of a check is paid from the treasury: the node share (60 %) of its price. */
export async function checkPayments(ctx: AuditorContext, model: string, runs: readonly CheckRun[]) {
  return Promise.all(
    runs.map(async (run) => {
      const cost = await ctx.runCostWei(model, {
        promptTokens: run.promptTokens,
        completionTokens: run.completionTokens,
      });
      return { nodeId: run.nodeId, amount: (cost * 60n) / 100n };
    }),
  );
}
