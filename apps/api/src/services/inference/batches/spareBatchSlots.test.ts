import { describe, expect, it } from 'vitest';
import { testNode } from '../../../../test/support/testNode.js';
import { spareBatchSlots } from './spareBatchSlots.js';

const chat = (model: string) => ({ model, capability: 'chat' as const });
const embeddings = (model: string) => ({ model, capability: 'embeddings' as const });

describe('spareBatchSlots', () => {
  it('counts the free slots of online nodes, leaving each node its reserved share', () => {
    const nodes = [
      testNode('a', { maxConcurrency: 4, activeTasks: 1 }),
      testNode('b', { maxConcurrency: 1, models: [{ id: 'far-demo' }, { id: 'other' }] }),
      testNode('c', { maxConcurrency: 8, status: 'suspended' }),
      testNode('d', { maxConcurrency: 2, activeTasks: 2 }),
    ];
    // a: 4 - 1 reserved - 1 busy = 2; b: 1 - 0 reserved = 1; c: suspended; d: full.
    const spare = spareBatchSlots({ all: () => nodes }, () => 0, 0.25);
    expect(spare.kinds()).toEqual([chat('far-demo'), chat('other')]);
    expect(spare.available(chat('far-demo'))).toBe(3);
    expect(spare.available(chat('other'))).toBe(1);
  });

  it("counts a node's free slot once, not once per model it serves", () => {
    const nodes = [testNode('b', { maxConcurrency: 1, models: [{ id: 'far-demo' }, { id: 'other' }] })];
    const spare = spareBatchSlots({ all: () => nodes }, () => 0, 0);
    spare.take(chat('far-demo'), 1);
    // The one slot now runs a far-demo request: nothing is left for `other`.
    expect(spare.available(chat('other'))).toBe(0);
    expect(spare.available(chat('far-demo'))).toBe(0);
  });

  it('places a request on the node with the fewest other uses first, keeping the versatile node for the rest', () => {
    const nodes = [
      testNode('both', { maxConcurrency: 1, models: [{ id: 'far-demo' }, { id: 'other' }] }),
      testNode('demo-only', { maxConcurrency: 1 }),
    ];
    const spare = spareBatchSlots({ all: () => nodes }, () => 0, 0);
    spare.take(chat('far-demo'), 1);
    expect(spare.available(chat('other'))).toBe(1);
  });

  it('offers a model only for the capabilities its node announced (no capabilities: chat)', () => {
    const nodes = [
      testNode('embedder', {
        maxConcurrency: 2,
        models: [{ id: 'bge-small', capabilities: ['embeddings'] }],
      }),
      testNode('chat', { maxConcurrency: 2 }),
    ];
    const spare = spareBatchSlots({ all: () => nodes }, () => 0, 0);
    expect(spare.available(embeddings('bge-small'))).toBe(2);
    expect(spare.available(chat('bge-small'))).toBe(0);
    expect(spare.available(embeddings('far-demo'))).toBe(0);
    expect(spare.available(chat('far-demo'))).toBe(2);
  });

  it('gives batch work nothing for a model with interactive requests waiting', () => {
    const nodes = [testNode('a', { maxConcurrency: 4, models: [{ id: 'far-demo' }, { id: 'other' }] })];
    const queued = (model: string) => (model === 'far-demo' ? 1 : 0);
    const spare = spareBatchSlots({ all: () => nodes }, queued, 0);
    expect(spare.kinds()).toEqual([chat('other')]);
    expect(spare.available(chat('far-demo'))).toBe(0);
    expect(spare.available(chat('other'))).toBe(4);
  });
});
