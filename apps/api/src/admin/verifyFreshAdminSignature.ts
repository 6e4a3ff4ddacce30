import {
  adminActionDomain,
  adminActionParamsHash,
  adminActionPrimaryType,
  adminActionTypes,
} from '@far/contracts';
import { type Hex, verifyTypedData } from 'viem';
import { z } from 'zod';
import type { NonceStore } from '../auth/nonceStore.js';
import { BaseError } from '../errors/BaseError.js';

/** How old a console signature may be. */
const FRESH_SIGNATURE_MAX_AGE_SECONDS = 300;
/** Clock skew tolerated for a signature dated in the future. */
const FUTURE_SKEW_SECONDS = 30;

/** The fresh signature a money-moving or pausing request carries. */
export const FreshSignatureSchema = z.object({
  signature: z.string().regex(/^0x[0-9a-fA-F]+$/),
  nonce: z.string().min(8).max(96),
  /** Unix seconds, as a decimal string or number. */
  issuedAt: z.coerce.number().int().positive(),
});
export type FreshSignature = z.infer<typeof FreshSignatureSchema>;

export type VerifyFreshAdminSignatureInput = {
  nonces: NonceStore;
  chainId: number;
  wallet: `0x${string}`;
  action: string;
  target: string;
  params: Record<string, string | number | boolean>;
  reason: string;
  signed: FreshSignature;
  /** Unix seconds; defaults to the clock. */
  now?: number;
};

/**
 * Checks that the operator's wallet signed exactly this action (EIP-712 `AdminAction`) within the last
 * five minutes, and spends the nonce so the signature is never accepted again.
 *
 * @throws BaseError `invalid_signature` (stale, future, wrong signer or content) or `invalid_nonce` (unknown, used).
 * @example
 * await verifyFreshAdminSignature({ nonces, chainId, wallet, action: 'contract.pause', target: 'farStaking', params: {}, reason, signed })
 */
export async function verifyFreshAdminSignature(input: VerifyFreshAdminSignatureInput): Promise<void> {
  const now = input.now ?? Math.floor(Date.now() / 1000);
  const age = now - input.signed.issuedAt;
  if (age > FRESH_SIGNATURE_MAX_AGE_SECONDS || age < -FUTURE_SKEW_SECONDS) {
    throw new BaseError('invalid_signature', 'The signature is not fresh: sign the action again');
  }
  const valid = await verifyTypedData({
    address: input.wallet,
    domain: adminActionDomain(input.chainId),
    types: adminActionTypes,
    primaryType: adminActionPrimaryType,
    message: {
      action: input.action,
      target: input.target,
      paramsHash: adminActionParamsHash(input.params),
      reason: input.reason,
      nonce: input.signed.nonce,
      issuedAt: BigInt(input.signed.issuedAt),
    },
    signature: input.signed.signature as Hex,
  }).catch(() => false);
  if (!valid) throw new BaseError('invalid_signature', 'The signature does not match this wallet and action');
  if (!(await input.nonces.consume(input.signed.nonce))) {
    throw new BaseError('invalid_nonce', 'The signature nonce is unknown, expired or already used');
  }
}
