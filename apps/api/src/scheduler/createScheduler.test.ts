import { afterEach, describe, expect, it, vi } from 'vitest';
import { testNode } from '../../test/support/testNode.js';
import { createInMemoryNodeRegistry } from '../nodes/nodeRegistry.js';
import { createScheduler } from './createScheduler.js';
import { NoNodeAvailableError } from './NoNodeAvailableError.js';

const want = { model: 'far-demo', minVramGb: 0 };

afterEach(() => {
  vi.useRealTimers();
});

describe('createScheduler', () => {
  it('takes a free slot immediately and gives it back on release', async () => {
    const registry = createInMemoryNodeRegistry();
    registry.add(testNode('a', { maxConcurrency: 2 }));
    const scheduler = createScheduler({ registry });
    const node = await scheduler.acquire(want);
    expect(node.nodeId).toBe('a');
    expect(registry.get('a')?.activeTasks).toBe(1);
    scheduler.release('a');
    expect(registry.get('a')?.activeTasks).toBe(0);
  });

  it('fails fast with no_eligible_node when no online node serves the model', async () => {
    const registry = createInMemoryNodeRegistry();
    registry.add(testNode('a', { status: 'draining' }));
    const scheduler = createScheduler({ registry });
    const error = await scheduler.acquire(want).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoNodeAvailableError);
    expect(error).toMatchObject({ code: 'no_node_available', status: 503, reason: 'no_eligible_node' });
  });

  it('queues when every node is busy and serves waiters in FIFO order as slots free', async () => {
    const registry = createInMemoryNodeRegistry();
    registry.add(testNode('a'));
    const scheduler = createScheduler({ registry, maxWaitMs: 10_000 });
    await scheduler.acquire(want);
    const order: string[] = [];
    const first = scheduler.acquire(want).then((n) => order.push(`first@${n.nodeId}`));
    const second = scheduler.acquire(want).then((n) => order.push(`second@${n.nodeId}`));
    expect(scheduler.queued('far-demo')).toBe(2);
    scheduler.release('a');
    await first;
    expect(order).toEqual(['first@a']);
    scheduler.release('a');
    await second;
    expect(order).toEqual(['first@a', 'second@a']);
    expect(scheduler.queued()).toBe(0);
  });

  it('serves a waiter when a new node joins', async () => {
    const registry = createInMemoryNodeRegistry();
    registry.add(testNode('a'));
    const scheduler = createScheduler({ registry, maxWaitMs: 10_000 });
    await scheduler.acquire(want);
    const waiting = scheduler.acquire(want);
    registry.add(testNode('b'));
    expect((await waiting).nodeId).toBe('b');
  });

  it('does not let a newcomer jump ahead of waiting requests', async () => {
    const registry = createInMemoryNodeRegistry();
    registry.add(testNode('a'));
    const scheduler = createScheduler({ registry, maxWaitMs: 10_000 });
    await scheduler.acquire(want);
    const waiter = scheduler.acquire(want);
    // The slot is free before the registry's capacity event has run: a newcomer must still queue.
    registry.setStatus('a', 'draining');
    scheduler.release('a');
    const a = registry.get('a');
    if (a) a.status = 'online';
    const newcomer = scheduler.acquire(want);
    expect(scheduler.queued('far-demo')).toBe(2);
    registry.setStatus('a', 'draining');
    registry.setStatus('a', 'online'); // the capacity event hands the slot to the head of the queue
    expect((await waiter).nodeId).toBe('a');
    scheduler.release('a');
    expect((await newcomer).nodeId).toBe('a');
  });

  it('rejects with queue_full beyond the per-model bound', async () => {
    const registry = createInMemoryNodeRegistry();
    registry.add(testNode('a'));
    const scheduler = createScheduler({ registry, maxQueuedPerModel: 1, maxWaitMs: 10_000 });
    await scheduler.acquire(want);
    const queued = scheduler.acquire(want);
    await expect(scheduler.acquire(want)).rejects.toMatchObject({ reason: 'queue_full' });
    scheduler.release('a');
    await queued;
  });

  it('rejects with queue_timeout after the deadline', async () => {
    vi.useFakeTimers();
    const registry = createInMemoryNodeRegistry();
    registry.add(testNode('a'));
    const scheduler = createScheduler({ registry, maxWaitMs: 500 });
    await scheduler.acquire(want);
    const waiting = scheduler.acquire(want).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(501);
    expect(await waiting).toMatchObject({ reason: 'queue_timeout' });
    expect(scheduler.queued()).toBe(0);
  });

  it('leaves the queue when the caller aborts', async () => {
    const registry = createInMemoryNodeRegistry();
    registry.add(testNode('a'));
    const scheduler = createScheduler({ registry, maxWaitMs: 10_000 });
    await scheduler.acquire(want);
    const controller = new AbortController();
    const waiting = scheduler.acquire({ ...want, signal: controller.signal }).catch((e: unknown) => e);
    controller.abort(new Error('client left'));
    expect(await waiting).toMatchObject({ message: 'client left' });
    expect(scheduler.queued()).toBe(0);
    scheduler.release('a');
    expect(registry.get('a')?.activeTasks).toBe(0);
  });

  it('keeps queues per model independent', async () => {
    const registry = createInMemoryNodeRegistry();
    registry.add(testNode('a', { models: [{ id: 'm1' }] }));
    registry.add(testNode('b', { models: [{ id: 'm2' }] }));
    const scheduler = createScheduler({ registry, maxWaitMs: 10_000 });
    await scheduler.acquire({ model: 'm1', minVramGb: 0 });
    const waiting = scheduler.acquire({ model: 'm1', minVramGb: 0 });
    expect((await scheduler.acquire({ model: 'm2', minVramGb: 0 })).nodeId).toBe('b');
    scheduler.release('a');
    expect((await waiting).nodeId).toBe('a');
  });
});
