import type { Address, TypedDataDomain } from 'viem';

/** Must equal the `ERC20Permit(name)` constructor argument of FARToken.sol (EIP712 version is always "1"). */
export const FAR_TOKEN_DOMAIN_NAME = 'Far Labs Token';
export const FAR_TOKEN_DOMAIN_VERSION = '1';

/**
 * The EIP-712 domain FARToken signs permits under, on one deployment.
 *
 * @param chainId Chain the token lives on (31337 local, 97 BSC testnet, 56 BSC).
 * @param verifyingContract The FARToken address.
 * @returns A domain for `signTypedData` with `permitTypes`.
 * @example
 * const domain = farTokenDomain(31337, deployments.contracts.farToken);
 */
export function farTokenDomain(chainId: number, verifyingContract: Address) {
  return {
    name: FAR_TOKEN_DOMAIN_NAME,
    version: FAR_TOKEN_DOMAIN_VERSION,
    chainId,
    verifyingContract,
  } as const satisfies TypedDataDomain;
}
