import { type Hex, keccak256, type TypedDataDomain, toBytes } from 'viem';

/** The operator console's EIP-712 domain name (off-chain only: no contract verifies it). */
export const ADMIN_ACTION_DOMAIN_NAME = 'Far Labs Operator Console';
export const ADMIN_ACTION_DOMAIN_VERSION = '1';

/**
 * The EIP-712 domain of operator-console actions: bound to the chain, so a signature made for the
 * local network is refused by a BNB Smart Chain deployment.
 *
 * @param chainId The chain the platform runs on.
 * @returns A domain for viem's `signTypedData` / `verifyTypedData`.
 * @example
 * await wallet.signTypedData({ domain: adminActionDomain(31337), types: adminActionTypes,
 *   primaryType: adminActionPrimaryType, message })
 */
export function adminActionDomain(chainId: number) {
  return {
    name: ADMIN_ACTION_DOMAIN_NAME,
    version: ADMIN_ACTION_DOMAIN_VERSION,
    chainId,
  } as const satisfies TypedDataDomain;
}

/**
 * EIP-712 types of one console action, signed by the operator's wallet at the moment of the action
 * (a fresh signature, not just a session): the API accepts it once (single-use nonce) and for five
 * minutes after `issuedAt`.
 */
export const adminActionTypes = {
  AdminAction: [
    { name: 'action', type: 'string' },
    { name: 'target', type: 'string' },
    { name: 'paramsHash', type: 'bytes32' },
    { name: 'reason', type: 'string' },
    { name: 'nonce', type: 'string' },
    { name: 'issuedAt', type: 'uint256' },
  ],
} as const;

/** The `primaryType` to pass to viem's `signTypedData`. */
export const adminActionPrimaryType = 'AdminAction' as const;

/** What the operator signs. `issuedAt` is unix seconds. */
export type AdminActionMessage = {
  action: string;
  target: string;
  paramsHash: Hex;
  reason: string;
  nonce: string;
  issuedAt: bigint;
};

/**
 * The hash of an action's parameters as signed: keccak256 of their JSON with keys sorted, so the
 * browser and the API hash the same object to the same value.
 *
 * @param params The action's parameters (strings, numbers, booleans; wei as decimal strings).
 * @returns A bytes32 hex.
 * @example
 * adminActionParamsHash({ amountWei: '1000' })
 */
export function adminActionParamsHash(params: Record<string, string | number | boolean>): Hex {
  const sorted = Object.fromEntries(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : 1)));
  return keccak256(toBytes(JSON.stringify(sorted)));
}
