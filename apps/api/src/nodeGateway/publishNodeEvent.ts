import type { LiveNode } from '../nodes/nodeRegistry.js';
import type { NodeStanding } from '../nodes/nodeStore.js';
import { NODE_EVENTS_CHANNEL, NODE_METRICS_CHANNEL } from '../realtime/nodeBusChannels.js';
import type { GatewayContext } from './gatewayContext.js';

export type NodeMetricsMessage = {
  nodeId: string;
  ownerAddress: string;
  status: 'online' | 'offline' | 'busy' | 'suspended';
  load: number;
  tokensPerSecond: number;
  tasksCompleted: number;
  earningsWei: string;
  at: string;
};

export type NodeEvent = {
  type: 'node.online' | 'node.offline' | 'node.draining';
  nodeId: string;
  owner: string;
  at: string;
};

/** Publishes on the bus without waiting; a failed publish is logged, never thrown. */
function publishOnBus(ctx: GatewayContext, channel: string, message: unknown, nodeId: string): void {
  const { bus } = ctx;
  if (!bus) return;
  Promise.resolve()
    .then(() => bus.publish(channel, message))
    .catch((error: unknown) => ctx.logger.warn({ err: error, nodeId, channel }, 'node bus publish failed'));
}

/**
 * Announces a node coming, going or draining on the bus's node events channel.
 *
 * @param ctx - the gateway.
 * @param type - what happened.
 * @param node - the node.
 */
export function publishNodeEvent(ctx: GatewayContext, type: NodeEvent['type'], node: LiveNode): void {
  const event: NodeEvent = { type, nodeId: node.nodeId, owner: node.owner, at: new Date().toISOString() };
  publishOnBus(ctx, NODE_EVENTS_CHANNEL, event, node.nodeId);
}

/**
 * The status a node's owner sees: a draining or full node takes no new task, so it is busy.
 *
 * @param node - the node as the registry holds it.
 * @returns its dashboard status.
 * @example
 * nodeMetricsStatus({ status: 'online', activeTasks: 2, maxConcurrency: 2 }) // 'busy'
 */
export function nodeMetricsStatus(
  node: Pick<LiveNode, 'status' | 'activeTasks' | 'maxConcurrency'>,
): NodeMetricsMessage['status'] {
  if (node.status === 'suspended') return 'suspended';
  if (node.status === 'draining' || node.activeTasks >= node.maxConcurrency) return 'busy';
  return 'online';
}

/**
 * Publishes a node's live metrics (load, speed, standing) on the bus's node metrics channel.
 *
 * @param ctx - the gateway.
 * @param node - the node.
 * @param standing - its totals from the store, when known.
 */
export function publishNodeMetrics(
  ctx: GatewayContext,
  node: LiveNode,
  standing: NodeStanding | undefined,
): void {
  const metrics: NodeMetricsMessage = {
    nodeId: node.nodeId,
    ownerAddress: node.owner,
    status: nodeMetricsStatus(node),
    load: node.activeTasks,
    tokensPerSecond: node.tokensPerSecond,
    tasksCompleted: standing?.tasksCompleted ?? 0,
    earningsWei: (standing?.earningsWei ?? 0n).toString(),
    at: new Date().toISOString(),
  };
  publishOnBus(ctx, NODE_METRICS_CHANNEL, metrics, node.nodeId);
}
