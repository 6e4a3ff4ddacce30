import type { Address } from 'viem';

/**
 * EIP-712 types of an EIP-2612 permit (OpenZeppelin's ERC20Permit, which FARToken inherits): the
 * owner lets `spender` move `value` of their FAR until `deadline` (unix seconds), without an
 * approve transaction. `nonce` is the token's `nonces(owner)`.
 */
export const permitTypes = {
  Permit: [
    { name: 'owner', type: 'address' },
    { name: 'spender', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint256' },
  ],
} as const;

/** The `primaryType` to pass to `signTypedData` for a permit. */
export const permitPrimaryType = 'Permit' as const;

/** The message of one permit. */
export type PermitMessage = {
  owner: Address;
  spender: Address;
  value: bigint;
  nonce: bigint;
  deadline: bigint;
};
