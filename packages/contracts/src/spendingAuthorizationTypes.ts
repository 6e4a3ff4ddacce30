import type { Address } from 'viem';

/**
 * EIP-712 types of the spending authorization a user signs once so the coordinator (the ORACLE of
 * InferencePayment) can debit their escrow in `settleBatch`, up to `cap` wei until `expiry` (unix seconds).
 * A new authorization needs a higher `nonce`; it replaces the old one and resets the remaining cap.
 */
export const spendingAuthorizationTypes = {
  SpendingAuthorization: [
    { name: 'user', type: 'address' },
    { name: 'cap', type: 'uint256' },
    { name: 'expiry', type: 'uint256' },
    { name: 'nonce', type: 'uint256' },
  ],
} as const;

export type SpendingAuthorization = { user: Address; cap: bigint; expiry: bigint; nonce: bigint };

/** The `primaryType` to pass to viem's `signTypedData`. */
export const spendingAuthorizationPrimaryType = 'SpendingAuthorization' as const;
