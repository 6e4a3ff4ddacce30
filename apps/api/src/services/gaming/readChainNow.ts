import type { PublicClient } from 'viem';

/**
 * The moment the tournament pool judges by: the chain's clock, or the wall clock while no block has
 * been mined for a while (a local chain mines only when sent a transaction). A dev chain's clock can
 * be advanced (`evm_increaseTime`), and then its latest block is ahead of the wall clock; an
 * unreachable chain falls back to the wall clock, so a list still answers.
 *
 * @param chain - the chain client.
 * @returns the later of the latest block's timestamp and the wall clock.
 * @example
 * const now = await readChainNow(core.chain);
 */
export async function readChainNow(chain: Pick<PublicClient, 'getBlock'>): Promise<Date> {
  const wall = Date.now();
  const block = await chain.getBlock().catch(() => undefined);
  return new Date(Math.max(wall, Number(block?.timestamp ?? 0n) * 1000));
}
