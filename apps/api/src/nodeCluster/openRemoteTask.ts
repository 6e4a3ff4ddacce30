import type { TaskHandle, TaskLink } from '../dispatch/dispatchTypes.js';
import { type ClusterContext, postToCluster, type RemoteTask } from './clusterContext.js';
import { RemoteTaskMessageSchema, type ReplicaMessage } from './nodeClusterMessages.js';

/**
 * Opens a task on a node another replica holds: frames for the node go to that replica over the
 * bus, and the node's frames come back on the task's channel to `handle`.
 *
 * @param ctx - the cluster.
 * @param nodeId - the remote node.
 * @param taskId - the task.
 * @param handle - receives the node's frames.
 * @returns the link, or undefined when no replica holds the node (or the task is already open).
 */
export function openRemoteTask(
  ctx: ClusterContext,
  nodeId: string,
  taskId: string,
  handle: TaskHandle,
): TaskLink | undefined {
  const entry = ctx.remote.get(nodeId);
  if (!entry || ctx.closed || ctx.remoteTasks.has(taskId)) return undefined;
  const task: RemoteTask = { nodeId, handle, open: true };
  ctx.remoteTasks.set(taskId, task);
  const holder = ctx.names.replica(entry.replicaId);
  // Listen before the assignment leaves, so no frame of the answer can be missed.
  const subscribed = ctx.bus
    .subscribe(ctx.names.task(taskId), (raw) => {
      if (!task.open) return;
      const parsed = RemoteTaskMessageSchema.safeParse(raw);
      if (!parsed.success) return ctx.logger.warn({ taskId, nodeId }, 'cluster: bad task frame');
      if (parsed.data.kind === 'lost') return handle.nodeLost();
      const violation = handle.onNodeMessage(parsed.data.message);
      if (violation) {
        ctx.logger.warn({ taskId, nodeId, violation }, 'remote node broke the protocol');
        const report: ReplicaMessage = { kind: 'violation', nodeId, taskId, reason: violation };
        void postToCluster(ctx, holder, report);
      }
    })
    .catch((error: unknown) => {
      ctx.logger.warn({ err: error, taskId }, 'cluster: could not listen for a remote task');
      queueMicrotask(() => task.open && handle.nodeLost());
      return undefined;
    });
  const toHolder = (message: ReplicaMessage): void => {
    void subscribed.then(() => postToCluster(ctx, holder, message));
  };
  return {
    send(message) {
      if (message.type !== 'task.assign' && message.type !== 'task.embed' && message.type !== 'task.cancel')
        return;
      toHolder({ kind: 'toNode', origin: ctx.replicaId, nodeId, taskId, message });
    },
    close() {
      if (!task.open) return;
      task.open = false;
      ctx.remoteTasks.delete(taskId);
      toHolder({ kind: 'close', nodeId, taskId });
      void subscribed.then((unsubscribe) => unsubscribe?.()).catch(() => {});
    },
  };
}
