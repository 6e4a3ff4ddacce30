import type { LiveNode } from '../../src/nodes/nodeRegistry.js';

/**
 * A registry entry for tests and benchmarks, online and idle unless overridden.
 *
 * @param nodeId - the node's id.
 * @param overrides - fields to change.
 */
export function testNode(nodeId: string, overrides: Partial<LiveNode> = {}): LiveNode {
  return {
    nodeId,
    owner: `0x${'00'.repeat(20)}`,
    gpu: { name: 'Test GPU', vramGb: 80, kind: 'cuda' },
    engine: 'llama',
    models: [{ id: 'far-demo' }],
    maxConcurrency: 1,
    version: 'test',
    connectedAt: 0,
    status: 'online',
    score: 80,
    activeTasks: 0,
    tokensPerSecond: 0,
    lastHeartbeatAt: 0,
    ...overrides,
  };
}
