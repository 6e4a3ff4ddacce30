import { BaseError } from '../../errors/BaseError.js';

/** The persona and the newest message alone do not fit the base model's window (with max_tokens). */
export class TwinContextError extends BaseError {
  override name = 'TwinContextError';
  constructor(needed: number, budget: number) {
    super(
      'validation_failed',
      `messages: the twin's persona and your last message take ${needed} tokens; the base model leaves ${budget} for the prompt (lower max_tokens or shorten the message)`,
      { details: { needed, budget } },
    );
  }
}
