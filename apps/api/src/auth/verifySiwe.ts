import { getAddress, type Hex, isAddressEqual, recoverMessageAddress } from 'viem';
import { parseSiweMessage } from 'viem/siwe';
import { BaseError } from '../errors/BaseError.js';
import type { NonceStore } from './nonceStore.js';

export type VerifySiweParameters = {
  message: string;
  signature: Hex;
  /** Hosts (host[:port]) a message may be addressed to. */
  domains: ReadonlySet<string>;
  /** Chain ids a message may name. */
  chainIds: ReadonlySet<number>;
  nonces: NonceStore;
  now?: Date;
};

/** Messages older than this are refused even without an expirationTime. */
const MAX_MESSAGE_AGE_MS = 10 * 60_000;

/**
 * Verifies an EIP-4361 (Sign-In with Ethereum) message: its domain, chain, time window, a
 * single-use nonce, and an EOA signature recovered locally (no RPC needed).
 *
 * @returns the checksummed address that signed in.
 * @throws BaseError `invalid_signature`, `invalid_nonce` or `validation_failed`.
 */
export async function verifySiwe(params: VerifySiweParameters): Promise<`0x${string}`> {
  const now = params.now ?? new Date();
  const fields = parseSiweMessage(params.message);
  if (
    !fields.address ||
    !fields.domain ||
    !fields.nonce ||
    !fields.chainId ||
    !fields.uri ||
    !fields.version
  ) {
    throw new BaseError('validation_failed', 'message: not an EIP-4361 sign-in message', {
      details: { field: 'message' },
    });
  }
  if (!params.domains.has(fields.domain)) {
    throw new BaseError('invalid_signature', `message: domain ${fields.domain} is not accepted here`);
  }
  if (!params.chainIds.has(fields.chainId)) {
    throw new BaseError('invalid_signature', `message: chain id ${fields.chainId} is not accepted here`);
  }
  if (fields.expirationTime && fields.expirationTime.getTime() <= now.getTime()) {
    throw new BaseError('invalid_signature', 'message: expired');
  }
  if (fields.notBefore && fields.notBefore.getTime() > now.getTime()) {
    throw new BaseError('invalid_signature', 'message: not valid yet');
  }
  if (fields.issuedAt && now.getTime() - fields.issuedAt.getTime() > MAX_MESSAGE_AGE_MS) {
    throw new BaseError('invalid_signature', 'message: issued too long ago; request a new nonce');
  }
  let signer: `0x${string}`;
  try {
    signer = await recoverMessageAddress({ message: params.message, signature: params.signature });
  } catch (error) {
    throw new BaseError('invalid_signature', 'signature: malformed', { cause: error });
  }
  if (!isAddressEqual(signer, fields.address)) {
    throw new BaseError('invalid_signature', 'signature: does not match the message address');
  }
  // Consume last, so a bad signature cannot burn someone else's nonce.
  if (!(await params.nonces.consume(fields.nonce))) {
    throw new BaseError('invalid_nonce', 'message: nonce is unknown, expired or already used');
  }
  return getAddress(fields.address);
}
