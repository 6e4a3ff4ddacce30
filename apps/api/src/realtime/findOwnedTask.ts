import { type Db, inferenceTasks } from '@far/db';
import { and, eq } from 'drizzle-orm';

/**
 * Loads a task's public status if, and only if, `userId` owns it. Another user's task and a
 * missing task look the same, so task ids cannot be probed.
 *
 * @param db - the database.
 * @param params - the task id (`inference_tasks.task_id`) and the caller's user id.
 * @returns the status fields sent as `task:status`, or undefined.
 * @example
 * const task = await findOwnedTask(db, { taskId, userId: caller.userId });
 */
export async function findOwnedTask(db: Db, params: { taskId: string; userId: string }) {
  const [task] = await db
    .select({
      taskId: inferenceTasks.taskId,
      status: inferenceTasks.status,
      modelName: inferenceTasks.modelName,
      tokensGenerated: inferenceTasks.tokensGenerated,
      promptTokens: inferenceTasks.promptTokens,
      completionTokens: inferenceTasks.completionTokens,
      costFarWei: inferenceTasks.costFarWei,
      failureReason: inferenceTasks.failureReason,
      createdAt: inferenceTasks.createdAt,
      startedAt: inferenceTasks.startedAt,
      completedAt: inferenceTasks.completedAt,
    })
    .from(inferenceTasks)
    .where(and(eq(inferenceTasks.taskId, params.taskId), eq(inferenceTasks.userId, params.userId)));
  return task;
}

export type OwnedTask = NonNullable<Awaited<ReturnType<typeof findOwnedTask>>>;

/** Statuses after which no more tokens will come. */
export const terminalTaskStatuses: ReadonlySet<string> = new Set(['completed', 'failed', 'cancelled']);
