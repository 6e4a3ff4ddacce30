import type { ChainCursor, DeployBlock } from './createChainCursorStore.js';

export type FindChainDivergenceParams = {
  cursor: ChainCursor;
  /** The chain head now. */
  head: bigint;
  /** Compare the hashes too (the indexer's first sync); later syncs check each range's parent instead. */
  thorough: boolean;
  deployBlockNumber: number;
  /** The deployment block as the chain has it now (read lazily, at most once). */
  deployBlock: () => Promise<DeployBlock>;
  /** The hash of a block on the chain now; undefined when the chain has no such block. */
  blockHashAt: (blockNumber: bigint) => Promise<string | undefined>;
};

/**
 * Why the cursor no longer describes this chain, or undefined when it does. The cursor beyond the
 * head is free to see on every sync; the hashes of the cursor's block and of the deployment block
 * are compared only when `thorough`.
 *
 * @param params - the cursor, the head and how to read the chain.
 * @returns a reason to log, or undefined.
 * @example
 * const reason = await findChainDivergence({ cursor, head, thorough: true, deployBlockNumber: 1, deployBlock, blockHashAt });
 */
export async function findChainDivergence(params: FindChainDivergenceParams): Promise<string | undefined> {
  const { cursor, head } = params;
  if (cursor.blockNumber > head) {
    return `the indexed block ${cursor.blockNumber} is beyond the chain head ${head}`;
  }
  if (!params.thorough) return undefined;
  if (cursor.deployBlockHash !== null && (await params.deployBlock()).hash !== cursor.deployBlockHash) {
    return `the deployment block ${params.deployBlockNumber} is not the one indexed`;
  }
  if (cursor.blockHash === null || cursor.blockNumber < 0n) return undefined;
  const hash = await params.blockHashAt(cursor.blockNumber);
  if (hash !== cursor.blockHash) {
    return `block ${cursor.blockNumber} is ${hash ?? 'missing'} on chain but ${cursor.blockHash} was indexed`;
  }
  return undefined;
}
