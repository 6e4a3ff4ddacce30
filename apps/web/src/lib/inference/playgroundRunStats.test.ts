import { describe, expect, it } from 'vitest';
import { countRunTokens, recordStreamEvent, startRunStats } from './playgroundRunStats';

const usage = {
  type: 'usage',
  promptTokens: 7,
  completionTokens: 3,
  taskId: 'task-1',
  nodeId: 'node-1',
  costFarWei: 110_000_000_000_000n,
  costUsd: 0.0001,
} as const;

describe('playgroundRunStats', () => {
  it('starts a run with nothing measured', () => {
    expect(startRunStats(5)).toMatchObject({ startedAt: 5, firstTokenAt: null, chunks: 0, nodeId: null });
  });

  it('keeps the first token time and moves the last token time with every chunk', () => {
    const first = recordStreamEvent(startRunStats(0), { type: 'token', text: 'Hel' }, 100);
    const second = recordStreamEvent(first, { type: 'token', text: 'lo' }, 180);
    expect(second).toMatchObject({ firstTokenAt: 100, lastTokenAt: 180, chunks: 2 });
  });

  it('takes token counts, cost and node from the usage event without touching the clock', () => {
    const streamed = recordStreamEvent(startRunStats(0), { type: 'token', text: 'a' }, 50);
    const done = recordStreamEvent(streamed, usage, 90);
    expect(done).toMatchObject({
      firstTokenAt: 50,
      lastTokenAt: 50,
      completionTokens: 3,
      promptTokens: 7,
      costFarWei: 110_000_000_000_000n,
      costUsd: 0.0001,
      nodeId: 'node-1',
    });
  });

  it('counts chunks until the API reports completion tokens, then trusts the API', () => {
    expect(countRunTokens(null)).toBe(0);
    const streamed = recordStreamEvent(startRunStats(0), { type: 'token', text: 'a' }, 1);
    expect(countRunTokens(streamed)).toBe(1);
    expect(countRunTokens(recordStreamEvent(streamed, usage, 2))).toBe(3);
  });
});
