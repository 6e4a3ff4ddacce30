import { type ClusterContext, isLocalNode, postToCluster, type ServedTask } from './clusterContext.js';
import { type RemoteTaskMessage, type ReplicaMessage, ReplicaMessageSchema } from './nodeClusterMessages.js';

/**
 * Handles a message to this replica about a node it holds: a task frame from the dispatching
 * replica (served on the node, its answer sent back on the task's channel), the end of a task,
 * a score, or a protocol violation seen in the node's frames.
 *
 * @param ctx - the cluster.
 * @param raw - the message as the bus delivered it.
 */
export function handleReplicaMessage(ctx: ClusterContext, raw: unknown): void {
  const parsed = ReplicaMessageSchema.safeParse(raw);
  if (!parsed.success) {
    ctx.logger.warn({ issues: parsed.error.issues }, 'cluster: bad replica message');
    return;
  }
  const message: ReplicaMessage = parsed.data;
  switch (message.kind) {
    case 'toNode':
      serveTaskFrame(ctx, message);
      return;
    case 'close':
      finishServedTask(ctx, message.taskId);
      return;
    case 'score':
      if (isLocalNode(ctx, message.nodeId)) ctx.registry.setScore(message.nodeId, message.score);
      return;
    case 'violation':
      if (isLocalNode(ctx, message.nodeId)) ctx.local?.reportViolation(message.nodeId, message.reason);
      return;
  }
}

/**
 * Ends a task served for another replica: closes its link and frees the node's slot (once).
 *
 * @param ctx - the cluster.
 * @param taskId - the task.
 */
export function finishServedTask(ctx: ClusterContext, taskId: string): void {
  const task = ctx.served.get(taskId);
  if (!task || task.finished) return;
  task.finished = true;
  ctx.served.delete(taskId);
  task.link?.close();
  ctx.registry.releaseSlot(task.nodeId);
}

/** Sends the node's answer back to the dispatching replica. */
export function replyToDispatcher(
  ctx: ClusterContext,
  taskId: string,
  message: RemoteTaskMessage,
): Promise<unknown> {
  return postToCluster(ctx, ctx.names.task(taskId), message);
}

/** Passes a dispatcher's `task.assign` or `task.cancel` to the local node, taking a slot for a new task. */
function serveTaskFrame(ctx: ClusterContext, message: Extract<ReplicaMessage, { kind: 'toNode' }>): void {
  const { taskId, nodeId } = message;
  if (message.message.type === 'task.cancel') {
    ctx.served.get(taskId)?.link?.send(message.message);
    return;
  }
  if (ctx.served.has(taskId)) return;
  if (!ctx.local || !isLocalNode(ctx, nodeId)) {
    void replyToDispatcher(ctx, taskId, { kind: 'lost' });
    return;
  }
  if (!ctx.registry.tryAcquireSlot(nodeId)) {
    // The origin's mirror was behind: the node is full (or no longer online).
    void replyToDispatcher(ctx, taskId, {
      kind: 'frame',
      message: { type: 'task.error', taskId, code: 'busy', message: `node ${nodeId} has no free slot` },
    });
    return;
  }
  const task: ServedTask = { nodeId, link: undefined, finished: false };
  ctx.served.set(taskId, task);
  task.link = ctx.local.openTask(nodeId, taskId, {
    onNodeMessage(frame) {
      void replyToDispatcher(ctx, taskId, { kind: 'frame', message: frame });
      if (frame.type === 'task.done' || frame.type === 'task.error') finishServedTask(ctx, taskId);
      return undefined;
    },
    nodeLost() {
      void replyToDispatcher(ctx, taskId, { kind: 'lost' });
      finishServedTask(ctx, taskId);
    },
  });
  if (!task.link) {
    void replyToDispatcher(ctx, taskId, { kind: 'lost' });
    finishServedTask(ctx, taskId);
    return;
  }
  task.link.send(message.message);
}
