import { BaseError } from '../errors/BaseError.js';

/** Why no node could take the task. */
export type NoNodeAvailableReason = 'no_eligible_node' | 'queue_full' | 'queue_timeout';

/**
 * No node can serve the request now: none online for the model, or all busy and the wait queue
 * is full or timed out. HTTP 503 `no_node_available` with a `Retry-After` hint.
 */
export class NoNodeAvailableError extends BaseError {
  override name = 'NoNodeAvailableError';
  readonly reason: NoNodeAvailableReason;

  constructor(model: string, reason: NoNodeAvailableReason) {
    const why =
      reason === 'no_eligible_node'
        ? 'no node serving it is online'
        : reason === 'queue_full'
          ? 'all nodes are busy and the wait queue is full'
          : 'all nodes stayed busy for the queue deadline';
    super('no_node_available', `No GPU node available for model ${model}: ${why}`, {
      details: { model, reason },
      headers: { 'Retry-After': '1' },
    });
    this.reason = reason;
  }
}
