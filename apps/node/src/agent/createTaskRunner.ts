import type { NodeToServerMessage, TaskAssignMessage, TaskEmbedMessage } from '@far/protocol';
import type { Engine } from '../engines/engine.js';
import type { AgentLogger } from './agentLogger.js';
import { checkTaskAdmission } from './checkTaskAdmission.js';
import { runAssignedTask } from './runAssignedTask.js';
import { runEmbeddingTask } from './runEmbeddingTask.js';

/** The tasks a node runs at once, each with its abort controller. */
export type TaskRunner = {
  /** Tasks running now. */
  readonly size: number;
  /**
   * Accepts and runs an assigned task (`task.assign` or `task.embed`), or refuses it with `task.error`.
   * @returns a promise that settles when the task has ended.
   */
  run(
    assign: TaskAssignMessage | TaskEmbedMessage,
    node: { draining: boolean; models: readonly { id: string }[] | undefined },
  ): Promise<void>;
  /** Aborts one task (`task.cancel`); it then reports `task.done` cancelled. */
  cancel(taskId: string): void;
  /** Aborts every running task (disconnect, stop). */
  abortAll(): void;
};

export type CreateTaskRunnerOptions = {
  engine: Engine;
  maxConcurrency: number;
  logger: AgentLogger;
  send: (message: NodeToServerMessage) => void;
  /** Called for each token sent. */
  onToken: () => void;
  /** Called when the engine finished a task. */
  onFinished: () => void;
  /** Called after a task started and after one ended. */
  onChange: () => void;
};

/**
 * Runs assigned tasks on the engine, at most `maxConcurrency` at once.
 *
 * @param options - engine, concurrency, sender and the agent's listeners.
 * @returns the runner.
 * @example
 * const tasks = createTaskRunner({ engine, maxConcurrency: 1, logger, send, onToken, onFinished, onChange });
 * void tasks.run(assign, { draining: false, models });
 */
export function createTaskRunner(options: CreateTaskRunnerOptions): TaskRunner {
  const running = new Map<string, AbortController>();
  const { send } = options;
  return {
    get size() {
      return running.size;
    },
    async run(assign, node) {
      const { taskId } = assign;
      const refusal = checkTaskAdmission({
        taskId,
        model: assign.model,
        draining: node.draining,
        running,
        maxConcurrency: options.maxConcurrency,
        models: node.models,
      });
      if (refusal) return send({ type: 'task.error', taskId, ...refusal });
      const controller = new AbortController();
      running.set(taskId, controller);
      send({ type: 'task.accepted', taskId });
      options.onChange();
      try {
        const outcome =
          assign.type === 'task.embed'
            ? await runEmbeddingTask(assign, {
                engine: options.engine,
                send,
                signal: controller.signal,
                logger: options.logger,
              })
            : await runAssignedTask(assign, {
                engine: options.engine,
                send,
                signal: controller.signal,
                logger: options.logger,
                onToken: options.onToken,
              });
        if (outcome === 'finished') options.onFinished();
      } finally {
        running.delete(taskId);
        options.onChange();
      }
    },
    cancel(taskId) {
      running.get(taskId)?.abort();
    },
    abortAll() {
      for (const controller of running.values()) controller.abort();
    },
  };
}
