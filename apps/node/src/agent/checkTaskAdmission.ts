/** Why a node refuses an assigned task; the code goes on the wire in `task.error`. */
export type TaskRefusal = {
  code: 'draining' | 'duplicate_task' | 'busy' | 'model_not_found';
  message: string;
};

export type CheckTaskAdmissionParameters = {
  taskId: string;
  model: string;
  /** The node is draining: it finishes what runs and takes nothing new. */
  draining: boolean;
  /** Ids of the tasks running now. */
  running: ReadonlyMap<string, unknown>;
  maxConcurrency: number;
  /** The models the node advertised; none before its hello. */
  models: readonly { id: string }[] | undefined;
};

/**
 * Whether a node can take an assigned task, and if not why: draining, the id already running, all
 * slots in use, or a model it does not serve. The coordinator then tries another node.
 *
 * @param parameters - the task and the node's state.
 * @returns the refusal, or undefined when the task may start.
 * @example
 * const refusal = checkTaskAdmission({ taskId, model, draining, running, maxConcurrency, models });
 * if (refusal) send({ type: 'task.error', taskId, ...refusal });
 */
export function checkTaskAdmission(parameters: CheckTaskAdmissionParameters): TaskRefusal | undefined {
  const { running, maxConcurrency, model } = parameters;
  if (parameters.draining) return { code: 'draining', message: 'node is draining and takes no new tasks' };
  if (running.has(parameters.taskId)) return { code: 'duplicate_task', message: 'task id already running' };
  if (running.size >= maxConcurrency)
    return { code: 'busy', message: `all ${maxConcurrency} slots are in use` };
  if (!parameters.models?.some((m) => m.id === model)) {
    return { code: 'model_not_found', message: `this node does not serve ${model}` };
  }
  return undefined;
}
