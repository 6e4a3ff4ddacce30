import { BaseError } from '../../errors/BaseError.js';

/** Why a signature is one ResearchEscrow would refuse even though it recovers to the reviewer. */
export type NonCanonicalSignatureReason = 'signature_length' | 'signature_s_too_high' | 'signature_v_invalid';

/**
 * A review signature the escrow's OpenZeppelin `ECDSA.tryRecover` refuses: not 65 bytes, `s` in the
 * upper half of the curve order (the malleable twin of a valid signature), or `v` other than 27 or 28.
 * Recovering it off chain would still name the reviewer, so the API refuses it before storing it rather
 * than hand out a signature that makes `releaseMilestone` revert. HTTP 401 `invalid_signature`, with
 * `details.reason` saying which rule it broke.
 */
export class NonCanonicalSignatureError extends BaseError {
  override name = 'NonCanonicalSignatureError';
  readonly reason: NonCanonicalSignatureReason;

  constructor(reason: NonCanonicalSignatureReason, message: string) {
    super('invalid_signature', message, { details: { field: 'signature', reason } });
    this.reason = reason;
  }
}
