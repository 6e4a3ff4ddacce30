import { describe, expect, it } from 'vitest';
import { fuseRankings } from './fuseRankings.js';

describe('fuseRankings', () => {
  it('puts first what both rankings place high, and keeps what only one found', () => {
    const fused = fuseRankings([
      ['a', 'b', 'c'],
      ['b', 'd'],
    ]);
    expect(fused.map((f) => f.id)).toEqual(['b', 'a', 'd', 'c']);
  });
  it('is the one list itself when the other is empty (full-text alone)', () => {
    expect(fuseRankings([['x', 'y'], []]).map((f) => f.id)).toEqual(['x', 'y']);
  });
});
