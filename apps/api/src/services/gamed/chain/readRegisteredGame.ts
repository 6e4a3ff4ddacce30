import { gameLicensesAbi } from '@far/contracts';
import { type Address, type PublicClient, zeroAddress } from 'viem';
import type { GameTerms } from '../GamedChain.js';

/**
 * Reads one game's terms from `GameLicenses` itself (its `games` table), for a game the chain mirror
 * has not indexed yet.
 *
 * @param chain - a client on the deployment's chain.
 * @param licenses - the GameLicenses address.
 * @param gameId - the game's id.
 * @returns the terms (studio lowercase, as the mirror keeps it), or undefined for an id never registered.
 * @example
 * const terms = await readRegisteredGame(core.chain, deployments.contracts.gameLicenses, 3n);
 */
export async function readRegisteredGame(
  chain: PublicClient,
  licenses: Address,
  gameId: bigint,
): Promise<GameTerms | undefined> {
  const [studio, priceWei, royaltyBps, soulbound] = await chain.readContract({
    address: licenses,
    abi: gameLicensesAbi,
    functionName: 'games',
    args: [gameId],
  });
  if (studio === zeroAddress) return undefined;
  return { studio: studio.toLowerCase() as `0x${string}`, priceWei, royaltyBps, soulbound };
}
