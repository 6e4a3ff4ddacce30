import type { Address, TypedDataDomain } from 'viem';

/** Must equal the `EIP712(name, version)` constructor arguments of TournamentPoolBase.sol. */
export const TOURNAMENT_POOL_DOMAIN_NAME = 'Far Labs TournamentPool';
export const TOURNAMENT_POOL_DOMAIN_VERSION = '1';

/**
 * The EIP-712 domain of one TournamentPool deployment: results signed for it are refused by any other
 * chain or pool.
 *
 * @param chainId Chain the contract lives on (31337 local, 97 BSC testnet, 56 BSC).
 * @param verifyingContract The TournamentPool address.
 * @returns A domain for viem's `signTypedData` / `verifyTypedData`.
 * @example
 * tournamentPoolDomain(31337, deployments.contracts.tournamentPool)
 */
export function tournamentPoolDomain(chainId: number, verifyingContract: Address) {
  return {
    name: TOURNAMENT_POOL_DOMAIN_NAME,
    version: TOURNAMENT_POOL_DOMAIN_VERSION,
    chainId,
    verifyingContract,
  } as const satisfies TypedDataDomain;
}
