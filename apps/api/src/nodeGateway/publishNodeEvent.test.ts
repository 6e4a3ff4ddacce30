import { describe, expect, it } from 'vitest';
import { nodeMetricsStatus } from './publishNodeEvent.js';

describe('nodeMetricsStatus', () => {
  it('shows a draining or full node as busy, a suspended one as suspended', () => {
    const node = { status: 'online', activeTasks: 0, maxConcurrency: 2 } as const;
    expect(nodeMetricsStatus(node)).toBe('online');
    expect(nodeMetricsStatus({ ...node, activeTasks: 2 })).toBe('busy');
    expect(nodeMetricsStatus({ ...node, status: 'draining' })).toBe('busy');
    expect(nodeMetricsStatus({ ...node, status: 'suspended', activeTasks: 2 })).toBe('suspended');
  });
});
