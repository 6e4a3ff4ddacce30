import { NODE_PROTOCOL_LIMITS, NodeToServerMessageSchema } from '@far/protocol';
import { describe, expect, it } from 'vitest';
import { buildHeartbeatMessage } from './buildHeartbeatMessage.js';
import type { AgentStatus } from './formatStatusLine.js';

const status: AgentStatus = {
  state: 'connected',
  nodeId: 'n1',
  coordinator: 'http://127.0.0.1:4000',
  activeTasks: 1,
  maxConcurrency: 2,
  tasksServed: 7,
  tokensGenerated: 300,
  tokensPerSecond: 12.5,
  earningsWei: undefined,
  reliabilityScore: undefined,
  reconnectInMs: undefined,
  lastError: undefined,
};

describe('buildHeartbeatMessage', () => {
  it('reports load and running totals in a message the coordinator accepts', () => {
    const heartbeat = buildHeartbeatMessage(status, 42);
    expect(heartbeat).toEqual({
      type: 'heartbeat',
      load: 1,
      tokensPerSecond: 12.5,
      tasksCompleted: 7,
      tokensGenerated: 300,
      uptimeSeconds: 42,
    });
    expect(NodeToServerMessageSchema.safeParse(heartbeat).success).toBe(true);
  });

  it('caps the token rate at the protocol bound', () => {
    const fast = { ...status, tokensPerSecond: NODE_PROTOCOL_LIMITS.maxTokensPerSecond * 10 };
    expect(buildHeartbeatMessage(fast, 1).tokensPerSecond).toBe(NODE_PROTOCOL_LIMITS.maxTokensPerSecond);
  });
});
