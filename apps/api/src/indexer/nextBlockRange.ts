/**
 * The next range of blocks to index after the cursor: at most `maxBlockRange` blocks (public BSC
 * endpoints refuse wide getLogs ranges), never past the last confirmed block.
 *
 * @param cursorBlock - last block applied.
 * @param safeHead - last block with enough confirmations.
 * @param maxBlockRange - most blocks per range.
 * @returns the inclusive range.
 * @example
 * nextBlockRange(10n, 100n, 50) // { fromBlock: 11n, toBlock: 60n }
 */
export function nextBlockRange(
  cursorBlock: bigint,
  safeHead: bigint,
  maxBlockRange: number,
): { fromBlock: bigint; toBlock: bigint } {
  const fromBlock = cursorBlock + 1n;
  const widest = fromBlock + BigInt(maxBlockRange) - 1n;
  return { fromBlock, toBlock: widest < safeHead ? widest : safeHead };
}
