import { NODE_PROTOCOL_LIMITS, type NodeHeartbeatMessage } from '@far/protocol';
import type { AgentStatus } from './formatStatusLine.js';

/**
 * The heartbeat a node sends every interval the welcome named: its load and running totals. The
 * token rate is capped at the protocol's bound, which the coordinator would otherwise refuse.
 *
 * @param status - the agent's status snapshot.
 * @param uptimeSeconds - seconds since the agent started.
 * @returns the heartbeat message.
 * @example
 * send(buildHeartbeatMessage(status.snapshot(), (Date.now() - startedAt) / 1000));
 */
export function buildHeartbeatMessage(status: AgentStatus, uptimeSeconds: number): NodeHeartbeatMessage {
  return {
    type: 'heartbeat',
    load: status.activeTasks,
    tokensPerSecond: Math.min(status.tokensPerSecond, NODE_PROTOCOL_LIMITS.maxTokensPerSecond),
    tasksCompleted: status.tasksServed,
    tokensGenerated: status.tokensGenerated,
    uptimeSeconds,
  };
}
