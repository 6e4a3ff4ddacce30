import type { Hex } from 'viem';
import { NonCanonicalSignatureError } from './NonCanonicalSignatureError.js';

/** secp256k1n / 2: OpenZeppelin's ECDSA refuses any `s` above it (EIP-2). */
export const SECP256K1_HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

/**
 * Checks that a 65-byte `r ‖ s ‖ v` signature has the one form ResearchEscrow accepts: OpenZeppelin's
 * `ECDSA.tryRecover` takes only 65 bytes, refuses `s > secp256k1n / 2` (`InvalidSignatureS`) and gets
 * no signer from `ecrecover` for a `v` other than 27 or 28. viem recovers all three, so without this the
 * API would store a signature the escrow reverts on.
 *
 * @param signature - the signature as hex.
 * @throws NonCanonicalSignatureError (`invalid_signature`) naming the rule it breaks.
 * @example
 * assertCanonicalSignature(signature); // before recovering the signer
 */
export function assertCanonicalSignature(signature: Hex): void {
  if (!/^0x[0-9a-fA-F]{130}$/.test(signature)) {
    throw new NonCanonicalSignatureError(
      'signature_length',
      'The review signature must be 65 bytes (r, s, v)',
    );
  }
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  if (s > SECP256K1_HALF_ORDER) {
    throw new NonCanonicalSignatureError(
      'signature_s_too_high',
      'The review signature has a high s value (s > secp256k1n/2); the escrow refuses it. Sign again with a standard wallet.',
    );
  }
  const v = Number.parseInt(signature.slice(130, 132), 16);
  if (v !== 27 && v !== 28) {
    throw new NonCanonicalSignatureError(
      'signature_v_invalid',
      `The review signature's v is ${v}; the escrow accepts only 27 or 28`,
    );
  }
}
