import type { NodeToServerMessage } from '@far/protocol';
import type { LiveNode } from '../nodes/nodeRegistry.js';
import { countMalformedMessage } from './dropNodeConnection.js';
import { type GatewayContext, type NodeConnection, persistNodeWrite, sendToNode } from './gatewayContext.js';
import { joinNode } from './joinNode.js';
import { publishNodeEvent, publishNodeMetrics } from './publishNodeEvent.js';

/**
 * Handles one decoded message from a node: `hello` before the join, then heartbeats, drain and
 * task frames (routed to the task's handle). A `task.tokens` frame reaches the handle whole
 * (`onNodeTokens`) when it takes frames so, else as one `task.token` per token, `seq` counted on
 * from the frame's; the first token the handle refuses ends the frame. Anything out of place counts as malformed.
 *
 * @param ctx - the gateway.
 * @param conn - the connection it came on.
 * @param message - the message.
 */
export function handleNodeMessage(
  ctx: GatewayContext,
  conn: NodeConnection,
  message: NodeToServerMessage,
): void {
  if (conn.state === 'challenged') {
    if (message.type === 'hello') void joinNode(ctx, conn, message);
    else countMalformedMessage(ctx, conn, `expected hello, got ${message.type}`);
    return;
  }
  const node = conn.node;
  if (conn.state !== 'ready' || !node) return; // frames racing the signature check are dropped
  switch (message.type) {
    case 'hello':
      countMalformedMessage(ctx, conn, 'hello after join');
      return;
    case 'heartbeat':
      acknowledgeHeartbeat(ctx, conn, node, message.tokensPerSecond);
      return;
    case 'drain':
      if (node.status === 'online') {
        ctx.registry.setStatus(node.nodeId, 'draining');
        publishNodeEvent(ctx, 'node.draining', node);
        ctx.logger.info({ nodeId: node.nodeId, activeTasks: node.activeTasks }, 'node draining');
      }
      return;
    default: {
      const task = conn.tasks.get(message.taskId);
      if (!task) {
        if (!conn.recentlyEnded.includes(message.taskId)) {
          countMalformedMessage(ctx, conn, `${message.type} for unknown task ${message.taskId}`);
        }
        return;
      }
      if (message.type !== 'task.tokens') {
        const violation = task.onNodeMessage(message);
        if (violation) countMalformedMessage(ctx, conn, violation);
        return;
      }
      const { taskId, seq, texts } = message;
      if (task.onNodeTokens) {
        const violation = task.onNodeTokens(taskId, seq, texts);
        if (violation) countMalformedMessage(ctx, conn, violation);
        return;
      }
      for (let i = 0; i < texts.length; i++) {
        const violation = task.onNodeMessage({
          type: 'task.token',
          taskId,
          seq: seq + i,
          text: texts[i] as string,
        });
        if (violation) {
          countMalformedMessage(ctx, conn, violation);
          return;
        }
      }
    }
  }
}

/** Records a heartbeat, refreshes `last_seen` at most once per write interval, and answers with the node's standing. */
function acknowledgeHeartbeat(
  ctx: GatewayContext,
  conn: NodeConnection,
  node: LiveNode,
  tokensPerSecond: number,
): void {
  const now = Date.now();
  ctx.registry.recordHeartbeat(node.nodeId, now, tokensPerSecond);
  if (now - conn.lastSeenWrittenAt >= ctx.settings.lastSeenWriteIntervalMs) {
    conn.lastSeenWrittenAt = now;
    persistNodeWrite(ctx, 'touch', node.nodeId, async () => {
      const standing = await ctx.store.touch(node.nodeId, new Date(now));
      if (standing) conn.standing = standing;
    });
  }
  publishNodeMetrics(ctx, node, conn.standing);
  sendToNode(conn, {
    type: 'heartbeat.ack',
    ...(conn.standing
      ? {
          earningsWei: conn.standing.earningsWei.toString(),
          reliabilityScore: conn.standing.reliabilityScore,
          tasksCompleted: conn.standing.tasksCompleted,
        }
      : {}),
  });
}
