import { describe, expect, it } from 'vitest';
import { testNode } from '../../../../test/support/testNode.js';
import { spareBatchSlots } from './spareBatchSlots.js';

describe('spareBatchSlots', () => {
  it('counts the free slots of online nodes per model, leaving each node its reserved share', () => {
    const nodes = [
      testNode('a', { maxConcurrency: 4, activeTasks: 1 }),
      testNode('b', { maxConcurrency: 1, models: [{ id: 'far-demo' }, { id: 'other' }] }),
      testNode('c', { maxConcurrency: 8, status: 'suspended' }),
      testNode('d', { maxConcurrency: 2, activeTasks: 2 }),
    ];
    // a: 4 - 1 reserved - 1 busy = 2; b: 1 - 0 reserved = 1; c: suspended; d: full.
    expect(spareBatchSlots({ all: () => nodes }, () => 0, 0.25)).toEqual(
      new Map([
        ['far-demo', 3],
        ['other', 1],
      ]),
    );
  });

  it('gives batch work nothing for a model with interactive requests waiting', () => {
    const nodes = [testNode('a', { maxConcurrency: 4, models: [{ id: 'far-demo' }, { id: 'other' }] })];
    const queued = (model: string) => (model === 'far-demo' ? 1 : 0);
    expect(spareBatchSlots({ all: () => nodes }, queued, 0)).toEqual(new Map([['other', 4]]));
  });
});
