import type { PublicClient } from 'viem';
import { zeroHash } from 'viem';
import { describe, expect, it } from 'vitest';
import { parentHashOf } from './parentHashOf.js';

const client = {
  getBlock: async ({ blockNumber }: { blockNumber: bigint }) => ({ hash: `0xparent${blockNumber}` }),
} as unknown as Pick<PublicClient, 'getBlock'>;

describe('parentHashOf', () => {
  it('takes the reported parent hash', async () => {
    expect(await parentHashOf(client, { number: 5n, parentHash: '0xabc' })).toBe('0xabc');
  });

  it('reads the parent by number when a reserved block reports a zero parent hash', async () => {
    expect(await parentHashOf(client, { number: 5n, parentHash: zeroHash })).toBe('0xparent4');
  });

  it('keeps the zero parent hash of the genesis block', async () => {
    expect(await parentHashOf(client, { number: 0n, parentHash: zeroHash })).toBe(zeroHash);
  });
});
