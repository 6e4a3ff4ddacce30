import { type PublicClient, zeroHash } from 'viem';

/**
 * A block's parent hash. Hardhat's `hardhat_mine` of many blocks reserves them, and a reserved
 * block reports a zero parent hash: then the parent is read by number.
 *
 * @param publicClient - the chain client.
 * @param block - the block's number and reported parent hash.
 * @returns the parent's hash.
 * @example
 * if ((await parentHashOf(publicClient, first)) !== cursor.blockHash) return 'diverged';
 */
export async function parentHashOf(
  publicClient: Pick<PublicClient, 'getBlock'>,
  block: { number: bigint; parentHash: string },
): Promise<string> {
  if (block.parentHash !== zeroHash || block.number === 0n) return block.parentHash;
  return (await publicClient.getBlock({ blockNumber: block.number - 1n })).hash;
}
