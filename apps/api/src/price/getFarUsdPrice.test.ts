import type { PublicClient } from 'viem';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getFarUsdPrice } from './getFarUsdPrice.js';

const deployments = {
  contracts: { inferencePayment: '0x00000000000000000000000000000000000000aa' },
} as const;

/** A chain whose price reads answer the queued prices (or errors) in order, and are counted. */
function chainAnswering(...answers: (bigint | Error)[]) {
  const reads = { count: 0 };
  const client = {
    readContract: async () => {
      const answer = answers[reads.count++];
      if (answer === undefined) throw new Error('no more answers');
      if (answer instanceof Error) throw answer;
      return answer;
    },
  } as unknown as PublicClient;
  return { client, reads };
}

describe('getFarUsdPrice', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['Date'] }));
  afterEach(() => vi.useRealTimers());

  it('reads the chain once per cacheMs, and past it serves the last price while one read refreshes it', async () => {
    const { client, reads } = chainAnswering(10n, 20n);
    const options = { cacheMs: 5_000, maxStaleMs: 60_000 };
    expect(await Promise.all([1, 2].map(() => getFarUsdPrice(client, deployments, options)))).toEqual([
      10n,
      10n,
    ]);
    vi.advanceTimersByTime(4_000);
    expect(await getFarUsdPrice(client, deployments, options)).toBe(10n);
    expect(reads.count).toBe(1);

    vi.advanceTimersByTime(2_000);
    // Older than cacheMs: this caller is not held up by the chain; the refresh lands for the next.
    expect(await Promise.all([1, 2].map(() => getFarUsdPrice(client, deployments, options)))).toEqual([
      10n,
      10n,
    ]);
    expect(reads.count).toBe(2);
    await vi.waitFor(async () => expect(await getFarUsdPrice(client, deployments, options)).toBe(20n));
    expect(reads.count).toBe(2);
  });

  it('waits for the chain once the last price is older than maxStaleMs, and never keeps a failed read', async () => {
    const { client, reads } = chainAnswering(10n, new Error('rpc down'), 30n);
    const options = { cacheMs: 1_000, maxStaleMs: 2_000 };
    expect(await getFarUsdPrice(client, deployments, options)).toBe(10n);
    vi.advanceTimersByTime(3_000);
    await expect(getFarUsdPrice(client, deployments, options)).rejects.toThrow();
    expect(await getFarUsdPrice(client, deployments, options)).toBe(30n);
    expect(reads.count).toBe(3);
  });
});
