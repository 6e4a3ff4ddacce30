import type { Address, TypedDataDomain } from 'viem';

/** Must equal the `EIP712(name, version)` constructor arguments of InferencePayment.sol. */
export const SPENDING_AUTHORIZATION_DOMAIN_NAME = 'Far Labs InferencePayment';
export const SPENDING_AUTHORIZATION_DOMAIN_VERSION = '1';

/**
 * The EIP-712 domain for spending authorizations on one InferencePayment deployment.
 *
 * @param chainId Chain the contract lives on (31337 local, 97 BSC testnet, 56 BSC).
 * @param verifyingContract The InferencePayment address.
 * @returns A domain for viem's `signTypedData` / `verifyTypedData`.
 * @example
 * await wallet.signTypedData({ domain: spendingAuthorizationDomain(31337, payment), types: spendingAuthorizationTypes,
 *   primaryType: 'SpendingAuthorization', message: { user, cap, expiry, nonce: 1n } })
 */
export function spendingAuthorizationDomain(chainId: number, verifyingContract: Address) {
  return {
    name: SPENDING_AUTHORIZATION_DOMAIN_NAME,
    version: SPENDING_AUTHORIZATION_DOMAIN_VERSION,
    chainId,
    verifyingContract,
  } as const satisfies TypedDataDomain;
}
