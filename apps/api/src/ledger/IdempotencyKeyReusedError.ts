import { BaseError } from '../errors/BaseError.js';

/**
 * An idempotency key was replayed with different parameters (or for a different operation).
 * Returning the original result would hide a caller bug, so it is refused. HTTP 409 `conflict`.
 */
export class IdempotencyKeyReusedError extends BaseError {
  override name = 'IdempotencyKeyReusedError';
  readonly idempotencyKey: string;

  constructor(idempotencyKey: string) {
    super('conflict', `Idempotency key ${idempotencyKey} was already used for a different request`, {
      details: { reason: 'idempotency_key_reused', idempotencyKey },
    });
    this.idempotencyKey = idempotencyKey;
  }
}
