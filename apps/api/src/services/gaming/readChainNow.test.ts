import { describe, expect, it } from 'vitest';
import { readChainNow } from './readChainNow.js';

const chainAt = (seconds: number) => ({ getBlock: async () => ({ timestamp: BigInt(seconds) }) }) as never;

describe('readChainNow', () => {
  it("is the chain's time once a dev chain's clock was moved past the wall clock", async () => {
    const ahead = Math.floor(Date.now() / 1000) + 90_000;
    expect((await readChainNow(chainAt(ahead))).getTime()).toBe(ahead * 1000);
  });

  it('is the wall clock while the latest block is older (a local chain mines only on a transaction)', async () => {
    const before = Date.now();
    const now = await readChainNow(chainAt(1_000));
    expect(now.getTime()).toBeGreaterThanOrEqual(before);
  });

  it('is the wall clock when the chain cannot be reached', async () => {
    const before = Date.now();
    const down = { getBlock: async () => Promise.reject(new Error('connection refused')) } as never;
    expect((await readChainNow(down)).getTime()).toBeGreaterThanOrEqual(before);
  });
});
