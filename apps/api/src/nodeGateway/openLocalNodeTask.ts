import type { TaskHandle, TaskLink } from '../dispatch/dispatchTypes.js';
import { type GatewayContext, type NodeConnection, sendToNode } from './gatewayContext.js';

/** How many ended task ids a connection remembers, so their late frames are not counted as malformed. */
const RECENTLY_ENDED_TASKS = 64;

/**
 * Opens a task on a node this gateway holds: its frames go to `handle` until the link closes.
 *
 * @param ctx - the gateway.
 * @param nodeId - the node.
 * @param taskId - the task.
 * @param handle - receives the node's frames for the task.
 * @returns the link, or undefined when the node is not here (or not ready) or already runs that task.
 */
export function openLocalNodeTask(
  ctx: GatewayContext,
  nodeId: string,
  taskId: string,
  handle: TaskHandle,
): TaskLink | undefined {
  const conn = ctx.byNodeId.get(nodeId);
  if (conn?.state !== 'ready' || conn.tasks.has(taskId)) return undefined;
  conn.tasks.set(taskId, handle);
  return {
    send: (message) => sendToNode(conn, message),
    close: () => forgetTask(conn, taskId),
  };
}

function forgetTask(conn: NodeConnection, taskId: string): void {
  conn.tasks.delete(taskId);
  conn.recentlyEnded.push(taskId);
  if (conn.recentlyEnded.length > RECENTLY_ENDED_TASKS) conn.recentlyEnded.shift();
}
