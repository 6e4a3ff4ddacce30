import { type TaskAssignMessage, TaskAssignMessageSchema } from '@far/protocol';
import { BaseError } from '../errors/BaseError.js';
import { validationError } from '../errors/toErrorResponse.js';
import { NoNodeAvailableError } from '../scheduler/NoNodeAvailableError.js';
import { createTaskRun, type RunningAttempt, type TaskRun } from './createTaskRun.js';
import type { DispatchDependencies, DispatchRequest, DispatchStream } from './dispatchTypes.js';
import { startAttempt } from './startAttempt.js';

/** Where a task may run, beside what the dispatcher decides itself. */
export type DispatchPlacement = {
  /**
   * Nodes not to choose, from the first attempt on: an audit's re-run avoids the audited node, a
   * canary avoids every node but the one it checks.
   */
  exclude?: ReadonlySet<string> | undefined;
};

/**
 * Runs one task: chooses a node, sends `task.assign`, and streams the node's tokens back while
 * counting them itself. If the node refuses the task, fails, disconnects or stalls, the task
 * resumes on another node from the prompt plus the tokens already delivered (up to `maxAttempts`
 * nodes in all; see failover/). Each node's score is updated from its outcome.
 *
 * The request is checked here against the node protocol, since this is where it leaves for a node.
 *
 * @param request - the task.
 * @param deps - the gateway's scheduler and connection access.
 * @returns once a node has been given the task.
 * @throws NoNodeAvailableError when no node can take it; BaseError `validation_failed` for a bad request.
 */
export async function dispatchTask(
  request: DispatchRequest & DispatchPlacement,
  deps: DispatchDependencies,
): Promise<DispatchStream> {
  const { signal, minVramGb: minVramOverride, exclude, ...fields } = request;
  const parsed = TaskAssignMessageSchema.safeParse({ type: 'task.assign', ...stripUndefined(fields) });
  if (!parsed.success) throw validationError(parsed.error, 'task');
  const assign: TaskAssignMessage = parsed.data;
  const spec = (await deps.readCatalogue()).find(assign.model);
  // A caller may ask for more memory than the catalogue's minimum, never for less.
  const minVramGb = Math.max(minVramOverride ?? 0, spec?.minVramGb ?? 0);
  const run = createTaskRun(assign, deps, spec, signal);
  for (const nodeId of exclude ?? []) run.excluded.add(nodeId);

  const acquireAndStart = async (attemptAssign: TaskAssignMessage): Promise<RunningAttempt> => {
    for (;;) {
      const node = await deps.scheduler.acquire({
        model: assign.model,
        minVramGb,
        exclude: run.excluded,
        signal,
      });
      const attempt = startAttempt(run, node, attemptAssign, (continuation) => void resume(continuation));
      if (attempt) return attempt;
      run.excluded.add(node.nodeId);
      if (run.attempts >= deps.maxAttempts) throw new NoNodeAvailableError(assign.model, 'no_eligible_node');
    }
  };

  const resume = async (continuation: TaskAssignMessage): Promise<void> => {
    try {
      run.current = await acquireAndStart(continuation);
      // The caller stopped reading while another node was being found.
      if (run.stream.closed) run.current.cancel();
    } catch (error) {
      if (signal?.aborted) succeedCancelled(run);
      else run.fail(error);
    }
  };

  if (deps.isClosing()) throw new BaseError('service_unavailable', 'the node gateway is shutting down');
  run.current = await acquireAndStart(assign);
  const firstNodeId = run.current.node.nodeId;
  run.watchAbort();

  return {
    taskId: assign.taskId,
    nodeId: firstNodeId,
    result: run.result,
    [Symbol.asyncIterator]: () => run.stream[Symbol.asyncIterator](),
  };
}

/** The caller gave up while another node was being found: the task ends cancelled. */
function succeedCancelled(run: TaskRun): void {
  run.succeed({
    nodeId: run.current?.node.nodeId ?? '',
    nodeOwner: run.current?.node.owner ?? '0x',
    nodeClaimedUsage: undefined,
    finishReason: 'cancelled',
  });
}

function stripUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
