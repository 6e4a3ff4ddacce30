import { BaseError } from '../../errors/BaseError.js';

/** No twin by that handle that the caller may see: a private twin looks the same to everyone but its owner. */
export class TwinNotFoundError extends BaseError {
  override name = 'TwinNotFoundError';
  constructor(handle: string) {
    super('not_found', `Twin ${handle} not found`);
  }
}
