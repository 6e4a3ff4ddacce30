import { NODE_PROTOCOL_LIMITS, NodeCloseCode } from '@far/protocol';
import type { LiveNode, NodeModel } from '../nodes/nodeRegistry.js';
import { dropNodeConnection } from './dropNodeConnection.js';
import { type GatewayContext, type NodeConnection, sendToNode, updateOnlineGauge } from './gatewayContext.js';
import { openLocalNodeTask } from './openLocalNodeTask.js';
import { probeNodeModel } from './probeNodeModel.js';

/**
 * Probes each servable model in turn (one unpaid task each, so a node with one slot is never
 * handed a paid task during a probe) and then offers the node paid tasks for the models it proved.
 * A node that proves none is disconnected (it may reconnect and be probed again).
 *
 * @param ctx - the gateway.
 * @param conn - the node's connection, just welcomed.
 * @param node - the node, registered with no models yet.
 * @param servable - the models it advertised that this coordinator sells.
 */
export async function proveNodeModels(
  ctx: GatewayContext,
  conn: NodeConnection,
  node: LiveNode,
  servable: NodeModel[],
): Promise<void> {
  const proven: NodeModel[] = [];
  const failures: string[] = [];
  for (const model of servable) {
    const probe = await probeNodeModel({
      model: model.id,
      timeoutMs: ctx.settings.probeTimeoutMs,
      openTask: (taskId, handle) => openLocalNodeTask(ctx, node.nodeId, taskId, handle),
    });
    if (conn.state !== 'ready' || ctx.byNodeId.get(node.nodeId) !== conn) return;
    if (probe.ok) proven.push(model);
    else failures.push(`${model.id}: ${probe.reason}`);
  }
  const message = `probe failed for ${failures.join('; ')}`.slice(
    0,
    NODE_PROTOCOL_LIMITS.maxErrorMessageLength,
  );
  if (proven.length === 0) {
    ctx.logger.warn({ nodeId: node.nodeId, failures }, 'node failed every probe');
    return dropNodeConnection(ctx, conn, NodeCloseCode.probeFailed, 'probe_failed', message);
  }
  ctx.registry.setModels(node.nodeId, proven);
  updateOnlineGauge(ctx);
  ctx.logger.info(
    { nodeId: node.nodeId, models: proven.map((m) => m.id), failures },
    'node proved its models',
  );
  if (failures.length > 0) sendToNode(conn, { type: 'error', code: 'probe_failed', message });
}
