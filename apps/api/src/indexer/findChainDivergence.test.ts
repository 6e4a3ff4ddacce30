import { describe, expect, it } from 'vitest';
import type { ChainCursor } from './createChainCursorStore.js';
import { findChainDivergence } from './findChainDivergence.js';

const cursor: ChainCursor = {
  blockNumber: 10n,
  blockHash: '0x10',
  deployBlockHash: '0xd',
  idempotencyScope: '0xd',
  stored: true,
};
const chain = (hashes: Record<string, string>, deployHash = '0xd') => ({
  deployBlockNumber: 2,
  deployBlock: async () => ({ hash: deployHash, parentHash: '0x1' }),
  blockHashAt: async (n: bigint) => hashes[n.toString()],
});

describe('findChainDivergence', () => {
  it('sees a cursor beyond the head on every sync', async () => {
    const reason = await findChainDivergence({ cursor, head: 9n, thorough: false, ...chain({}) });
    expect(reason).toBe('the indexed block 10 is beyond the chain head 9');
  });

  it('compares no hash unless thorough', async () => {
    expect(
      await findChainDivergence({ cursor, head: 20n, thorough: false, ...chain({}, '0xother') }),
    ).toBeUndefined();
  });

  it('finds another deployment block, a missing block and a different block hash', async () => {
    expect(
      await findChainDivergence({ cursor, head: 20n, thorough: true, ...chain({ 10: '0x10' }, '0xe') }),
    ).toBe('the deployment block 2 is not the one indexed');
    expect(await findChainDivergence({ cursor, head: 20n, thorough: true, ...chain({}) })).toBe(
      'block 10 is missing on chain but 0x10 was indexed',
    );
    expect(await findChainDivergence({ cursor, head: 20n, thorough: true, ...chain({ 10: '0x99' }) })).toBe(
      'block 10 is 0x99 on chain but 0x10 was indexed',
    );
  });

  it('accepts a cursor whose blocks match, and one without a block hash to compare', async () => {
    expect(
      await findChainDivergence({ cursor, head: 20n, thorough: true, ...chain({ 10: '0x10' }) }),
    ).toBeUndefined();
    const legacy = { ...cursor, blockHash: null, deployBlockHash: null };
    expect(
      await findChainDivergence({ cursor: legacy, head: 20n, thorough: true, ...chain({}) }),
    ).toBeUndefined();
  });
});
