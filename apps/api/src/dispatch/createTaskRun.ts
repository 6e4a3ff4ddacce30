import type { TaskAssignMessage } from '@far/protocol';
import type { ModelSpec } from '../models/ModelSpec.js';
import type { LiveNode } from '../nodes/nodeRegistry.js';
import { createTokenStream, type TokenStream } from './createTokenStream.js';
import type {
  DispatchDependencies,
  DispatchResult,
  DispatchSegment,
  DispatchToken,
} from './dispatchTypes.js';

/** One node's attempt as the run sees it. */
export type RunningAttempt = { node: LiveNode; cancel(): void };

/** What ends a run well: the finishing node and its claim; the run adds its own counts. */
export type RunSuccess = Pick<DispatchResult, 'nodeId' | 'nodeOwner' | 'nodeClaimedUsage' | 'finishReason'>;

/** One task across every node that works on it: what was delivered so far and how it ends. */
export type TaskRun = {
  readonly assign: TaskAssignMessage;
  readonly deps: DispatchDependencies;
  readonly spec: ModelSpec | undefined;
  readonly signal: AbortSignal | undefined;
  /** Nodes not to choose again: they failed this task or vanished. */
  readonly excluded: Set<string>;
  readonly stream: TokenStream<DispatchToken>;
  readonly result: Promise<DispatchResult>;
  attempts: number;
  /** Frames accepted across nodes, billable or not: each uses up one of `maxTokens`, so empty frames cannot stall a task forever. */
  delivered: number;
  /** The billable ones among them: what the caller is billed for. */
  billable: number;
  /** The text passed on, for resuming elsewhere. */
  deliveredText: string;
  segments: DispatchSegment[];
  current: RunningAttempt | undefined;
  /** Ends the run well (once; later calls do nothing). */
  succeed(r: RunSuccess): void;
  /** Ends the run with `error` (once; later calls do nothing). */
  fail(error: unknown): void;
  /** From now on, aborting the caller's signal cancels the current attempt (at once if it already is). */
  watchAbort(): void;
};

/**
 * The state of one dispatched task, with its token stream and result. Stopping the stream's
 * iteration cancels the current attempt; aborting `signal` does too once `watchAbort` was called.
 *
 * @param assign - the validated assignment.
 * @param deps - the dispatcher's dependencies.
 * @param spec - the model catalogue's entry for the task's model, if it lists it.
 * @param signal - the caller's abort signal.
 * @returns the run; `result` never rejects unhandled.
 */
export function createTaskRun(
  assign: TaskAssignMessage,
  deps: DispatchDependencies,
  spec: ModelSpec | undefined,
  signal: AbortSignal | undefined,
): TaskRun {
  const startedAt = Date.now();
  let settled = false;
  let resolveResult!: (r: DispatchResult) => void;
  let rejectResult!: (e: unknown) => void;
  const result = new Promise<DispatchResult>((resolve, reject) => {
    resolveResult = resolve;
    rejectResult = reject;
  });
  // The caller may only iterate; a rejection it sees there must not also surface as unhandled.
  result.catch(() => {});
  const onAbort = (): void => run.current?.cancel();

  const run: TaskRun = {
    assign,
    deps,
    spec,
    signal,
    excluded: new Set(),
    stream: createTokenStream<DispatchToken>(() => run.current?.cancel()),
    result,
    attempts: 0,
    delivered: 0,
    billable: 0,
    deliveredText: '',
    segments: [],
    current: undefined,
    succeed(r) {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      run.stream.end();
      resolveResult({
        ...r,
        completionTokensCounted: run.billable,
        segments: run.segments.filter((x) => x.tokens > 0 || x.claimedCompletionTokens !== undefined),
        taskId: assign.taskId,
        attempts: run.attempts,
        durationMs: Date.now() - startedAt,
      });
    },
    fail(error) {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      run.stream.fail(error);
      rejectResult(error);
    },
    watchAbort() {
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) onAbort();
    },
  };
  return run;
}
