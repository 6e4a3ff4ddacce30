import { afterEach, describe, expect, it, vi } from 'vitest';
import { testNode } from '../../test/support/testNode.js';
import { createInMemoryNodeRegistry } from '../nodes/nodeRegistry.js';
import { createLogger } from '../observability/createLogger.js';
import { type ClusterContext, clusterNames } from './clusterContext.js';
import { createSlotAnnouncer, SLOT_ANNOUNCE_DELAY_MS } from './createSlotAnnouncer.js';

/** A cluster context whose Redis and bus only record what this replica announced. */
function recordingContext() {
  const announced: number[][] = [];
  const inner = createInMemoryNodeRegistry();
  const ctx = {
    redis: { pipeline: () => ({ set() {}, exec: async () => [] }) },
    bus: {
      publish: async (_channel: string, message: { nodes: { activeTasks: number }[] }) => {
        announced.push(message.nodes.map((n) => n.activeTasks));
      },
    },
    logger: createLogger('silent'),
    names: clusterNames('slots-test'),
    replicaId: 'r1',
    entryTtlMs: 6_000,
    inner,
    remote: new Map(),
    remoteTasks: new Map(),
    served: new Map(),
    pending: new Set(),
    local: undefined,
    closed: false,
  } as unknown as ClusterContext;
  return { ctx, inner, announced };
}

describe('createSlotAnnouncer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends the slot changes of a moment together, as the node stands when they go out', async () => {
    vi.useFakeTimers();
    const { ctx, inner, announced } = recordingContext();
    inner.add(testNode('n1', { maxConcurrency: 4 }));
    const slots = createSlotAnnouncer(ctx);
    for (let i = 0; i < 3; i++) {
      inner.tryAcquireSlot('n1');
      slots.changed('n1', false);
    }
    inner.releaseSlot('n1');
    slots.changed('n1', false);
    expect(announced).toEqual([]);
    await vi.advanceTimersByTimeAsync(SLOT_ANNOUNCE_DELAY_MS);
    expect(announced).toEqual([[2]]);

    // A score change waits for the next group too.
    inner.setScore('n1', 90);
    slots.soon('n1');
    expect(announced).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(SLOT_ANNOUNCE_DELAY_MS);
    expect(announced).toEqual([[2], [2]]);
  });

  it('announces at once a node that became full or stopped being full', async () => {
    vi.useFakeTimers();
    const { ctx, inner, announced } = recordingContext();
    inner.add(testNode('n1', { maxConcurrency: 1 }));
    const slots = createSlotAnnouncer(ctx);
    inner.tryAcquireSlot('n1');
    slots.changed('n1', false);
    await vi.advanceTimersByTimeAsync(0);
    expect(announced).toEqual([[1]]);
    inner.releaseSlot('n1');
    slots.changed('n1', true);
    await vi.advanceTimersByTimeAsync(0);
    expect(announced).toEqual([[1], [0]]);
    await vi.advanceTimersByTimeAsync(SLOT_ANNOUNCE_DELAY_MS);
    expect(announced).toHaveLength(2);
  });
});
