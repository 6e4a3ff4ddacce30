import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testNode } from '../../test/support/testNode.js';
import { createInMemoryNodeRegistry } from '../nodes/nodeRegistry.js';
import { selectNode } from './selectNode.js';

const big = { name: 'H200', vramGb: 141, kind: 'cuda' as const };

describe('selectNode', () => {
  it('returns undefined when no node serves the model', () => {
    const registry = createInMemoryNodeRegistry();
    registry.add(testNode('a', { models: [{ id: 'other' }] }));
    expect(selectNode(registry, { model: 'far-demo', minVramGb: 0 })).toBeUndefined();
  });

  it('skips draining, suspended, too-small and full nodes', () => {
    const registry = createInMemoryNodeRegistry();
    registry.add(testNode('draining', { status: 'draining', score: 100, gpu: big }));
    registry.add(testNode('suspended', { status: 'suspended', score: 100, gpu: big }));
    registry.add(testNode('small', { score: 100, gpu: { ...big, vramGb: 24 } }));
    registry.add(testNode('full', { score: 100, gpu: big, activeTasks: 2, maxConcurrency: 2 }));
    expect(selectNode(registry, { model: 'far-demo', minVramGb: 140 })).toBeUndefined();
    registry.add(testNode('ok', { score: 10, gpu: big }));
    expect(selectNode(registry, { model: 'far-demo', minVramGb: 140 })?.nodeId).toBe('ok');
  });

  it('prefers the higher score, then the lower load', () => {
    const registry = createInMemoryNodeRegistry();
    registry.add(testNode('low-score', { score: 70, maxConcurrency: 4 }));
    registry.add(testNode('busy', { score: 90, maxConcurrency: 4, activeTasks: 3 }));
    registry.add(testNode('idle', { score: 90, maxConcurrency: 4, activeTasks: 1 }));
    expect(selectNode(registry, { model: 'far-demo', minVramGb: 0 })?.nodeId).toBe('idle');
    registry.setScore('low-score', 95);
    expect(selectNode(registry, { model: 'far-demo', minVramGb: 0 })?.nodeId).toBe('low-score');
  });

  it('compares load as the share of slots in use', () => {
    const registry = createInMemoryNodeRegistry();
    registry.add(testNode('half', { maxConcurrency: 2, activeTasks: 1 }));
    registry.add(testNode('quarter', { maxConcurrency: 8, activeTasks: 2 }));
    expect(selectNode(registry, { model: 'far-demo', minVramGb: 0 })?.nodeId).toBe('quarter');
  });

  it('follows registry changes: removal, slots, status', () => {
    const registry = createInMemoryNodeRegistry();
    registry.add(testNode('a', { score: 90 }));
    registry.add(testNode('b', { score: 80 }));
    expect(registry.tryAcquireSlot('a')).toBe(true);
    expect(selectNode(registry, { model: 'far-demo', minVramGb: 0 })?.nodeId).toBe('b');
    registry.releaseSlot('a');
    registry.setStatus('a', 'draining');
    expect(selectNode(registry, { model: 'far-demo', minVramGb: 0 })?.nodeId).toBe('b');
    registry.remove('b');
    expect(selectNode(registry, { model: 'far-demo', minVramGb: 0 })).toBeUndefined();
  });

  it('re-indexes a node that reconnects with different models', () => {
    const registry = createInMemoryNodeRegistry();
    registry.add(testNode('a', { models: [{ id: 'm1' }] }));
    registry.add(testNode('a', { models: [{ id: 'm2' }] }));
    expect(selectNode(registry, { model: 'm1', minVramGb: 0 })).toBeUndefined();
    expect(selectNode(registry, { model: 'm2', minVramGb: 0 })?.nodeId).toBe('a');
    expect(registry.size).toBe(1);
  });
});

describe('selectNode exclusions', () => {
  it('never returns an excluded node', () => {
    const registry = createInMemoryNodeRegistry();
    registry.add(testNode('a', { score: 100 }));
    registry.add(testNode('b', { score: 50 }));
    expect(selectNode(registry, { model: 'far-demo', minVramGb: 0, exclude: new Set(['a']) })?.nodeId).toBe(
      'b',
    );
  });
});

describe('selectNode against a brute-force oracle', () => {
  it('returns an eligible node with the best score, then the lowest load, or undefined when none is eligible', () => {
    const nodeArb = fc.record({
      vramGb: fc.constantFrom(0, 24, 80, 141, 192, 900),
      status: fc.constantFrom(
        'online' as const,
        'online' as const,
        'draining' as const,
        'suspended' as const,
      ),
      score: fc.integer({ min: 0, max: 100 }),
      maxConcurrency: fc.integer({ min: 1, max: 4 }),
      busy: fc.integer({ min: 0, max: 4 }),
      models: fc.subarray(['a', 'b', 'c'], { minLength: 1 }),
    });
    fc.assert(
      fc.property(
        fc.array(nodeArb, { maxLength: 30 }),
        fc.constantFrom('a', 'b', 'c'),
        fc.constantFrom(0, 80, 180),
        (specs, model, minVramGb) => {
          const registry = createInMemoryNodeRegistry();
          specs.forEach((s, i) => {
            registry.add(
              testNode(`n${i}`, {
                gpu: { name: 'g', vramGb: s.vramGb, kind: 'cuda' },
                status: s.status,
                score: s.score,
                maxConcurrency: s.maxConcurrency,
                activeTasks: Math.min(s.busy, s.maxConcurrency),
                models: s.models.map((id) => ({ id })),
              }),
            );
          });
          const eligible = [...registry.all()].filter(
            (n) =>
              n.status === 'online' &&
              n.gpu.vramGb >= minVramGb &&
              n.activeTasks < n.maxConcurrency &&
              n.models.some((m) => m.id === model),
          );
          const chosen = selectNode(registry, { model, minVramGb });
          if (eligible.length === 0) return chosen === undefined;
          if (!chosen || !eligible.includes(chosen)) return false;
          const bestScore = Math.max(...eligible.map((n) => n.score));
          const lowestLoad = Math.min(
            ...eligible.filter((n) => n.score === bestScore).map((n) => n.activeTasks / n.maxConcurrency),
          );
          return chosen.score === bestScore && chosen.activeTasks / chosen.maxConcurrency === lowestLoad;
        },
      ),
      { numRuns: 300 },
    );
  });
});
