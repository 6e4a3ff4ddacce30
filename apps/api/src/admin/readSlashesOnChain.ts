import type { Deployments } from '@far/contracts';
import type { Hex, PublicClient } from 'viem';
import { consoleChainAbi } from './consoleChainAbi.js';
import { type OnChainSlash, toOnChainSlash } from './readSlashOnChain.js';

/**
 * Reads many slashes from NodeBond (`slashOf` for each evidence hash) in one `eth_call`: a
 * Multicall3 aggregate, at the chain's deployed Multicall3 or, on a chain without one (a local
 * Hardhat), deployless. A slash whose read fails is null, like the rest where no NodeBond is
 * deployed or the whole read fails, so the console shows the database rows without them.
 *
 * @returns each evidence hash's slash, in the order given.
 * @example
 * const slashes = await readSlashesOnChain(chain, deployments, proposals.map((p) => p.evidenceHash));
 */
export async function readSlashesOnChain(
  chain: PublicClient,
  deployments: Deployments,
  evidenceHashes: readonly Hex[],
): Promise<(OnChainSlash | null)[]> {
  const nodeBond = deployments.contracts.nodeBond;
  if (!nodeBond || evidenceHashes.length === 0) return evidenceHashes.map(() => null);
  try {
    const results = await chain.multicall({
      contracts: evidenceHashes.map((hash) => ({
        address: nodeBond,
        abi: consoleChainAbi,
        functionName: 'slashOf' as const,
        args: [hash] as const,
      })),
      allowFailure: true,
      deployless: chain.chain?.contracts?.multicall3 === undefined,
    });
    return results.map((r) => (r.status === 'success' ? toOnChainSlash(r.result) : null));
  } catch {
    return evidenceHashes.map(() => null);
  }
}
