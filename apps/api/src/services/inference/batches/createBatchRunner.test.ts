import type { Db } from '@far/db';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testNode } from '../../../../test/support/testNode.js';
import type { LiveNode } from '../../../nodes/nodeRegistry.js';
import { createLogger } from '../../../observability/createLogger.js';
import type { InferenceDependencies } from '../startInference.js';
import { claimBatchRequests } from './claimBatchRequests.js';
import { createBatchRunner } from './createBatchRunner.js';
import type { ClaimedBatchRequest } from './runBatchRequest.js';

// The database side of a pass is out of this test: it counts the claims the runner asks for.
vi.mock('./claimBatchRequests.js', () => ({ claimBatchRequests: vi.fn(async () => []) }));
vi.mock('./activateBatches.js', () => ({ activateBatches: vi.fn(async () => 0) }));
vi.mock('./finalizeBatches.js', () => ({ finalizeBatches: vi.fn(async () => 0) }));
vi.mock('./deleteExpiredBatchFiles.js', () => ({ deleteExpiredBatchFiles: vi.fn(async () => 0) }));
// A claimed request runs until the runner closes.
vi.mock('./runBatchRequest.js', () => ({
  runBatchRequest: vi.fn(
    (_deps: unknown, _claimed: unknown, signal: AbortSignal) =>
      new Promise((resolve) => signal.addEventListener('abort', () => resolve({}))),
  ),
}));

const claims = vi.mocked(claimBatchRequests);

/** A runner over one node serving `models`, with a capacity event the test fires. */
function runnerOver(models: string[]) {
  const node = testNode('n1', { maxConcurrency: 4, models: models.map((id) => ({ id })) });
  const listeners = new Set<(node: LiveNode) => void>();
  const runner = createBatchRunner({
    db: {} as Db,
    inference: {} as InferenceDependencies,
    registry: {
      all: () => [node],
      onCapacity: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    queued: () => 0,
    logger: createLogger('silent'),
    pollMs: 60_000,
  });
  const freeSlot = async () => {
    for (const listener of listeners) listener(node);
    // The pass a freed slot wakes runs its claims within this turn's microtasks.
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { runner, freeSlot };
}

afterEach(() => {
  claims.mockReset();
  claims.mockImplementation(async () => []);
});

describe('createBatchRunner', () => {
  it('asks for no claim on a freed slot once its kind found no waiting request, until the timer looks again', async () => {
    const { runner, freeSlot } = runnerOver(['far-demo']);
    runner.start();
    await vi.waitFor(() => expect(claims).toHaveBeenCalledTimes(1));
    // Interactive traffic frees a slot with every request: none of them costs a claim now.
    for (let i = 0; i < 20; i++) await freeSlot();
    expect(claims).toHaveBeenCalledTimes(1);
    await runner.close();
  });

  it('still claims, on a freed slot, the kinds whose last claim filled every slot it offered', async () => {
    let n = 0;
    claims.mockImplementation(async (_db, params) =>
      params.kind.model === 'other'
        ? Array.from(
            { length: params.limit },
            () => ({ batchId: 'b', customId: `c${n++}` }) as ClaimedBatchRequest,
          )
        : [],
    );
    const { runner, freeSlot } = runnerOver(['far-demo', 'other']);
    runner.start();
    await vi.waitFor(() => expect(claims).toHaveBeenCalledTimes(2));
    await freeSlot();
    // far-demo found nothing and is not asked again; `other` may have more waiting.
    expect(claims.mock.calls.map(([, params]) => params.kind.model)).toEqual(['far-demo', 'other', 'other']);
    await runner.close();
  });
});
