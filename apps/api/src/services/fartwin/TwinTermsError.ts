import { BaseError } from '../../errors/BaseError.js';

/**
 * A twin's settings that cannot go together or name something the network does not offer: a fee
 * on a private twin, a base model not in the catalogue, a handle already taken (409).
 */
export class TwinTermsError extends BaseError {
  override name = 'TwinTermsError';
  constructor(reason: 'fee_on_private_twin' | 'unknown_base_model' | 'handle_taken', message: string) {
    super(reason === 'handle_taken' ? 'conflict' : 'validation_failed', message, { details: { reason } });
  }
}
