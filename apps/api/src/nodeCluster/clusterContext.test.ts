import { describe, expect, it } from 'vitest';
import { clusterNames } from './clusterContext.js';

describe('clusterNames', () => {
  it('keeps every key and channel of a cluster under its name', () => {
    const names = clusterNames('far');
    expect(names.nodes).toBe('far:nodes');
    expect(names.replica('r1')).toBe('far:replica:r1');
    expect(names.task('t1')).toBe('far:task:t1');
    expect(names.nodeKey('r1', 'n1')).toBe('far:node:r1:n1');
    expect(names.nodeKey('r1', 'n1').startsWith(names.nodeKeyPrefix)).toBe(true);
  });
});
