import { BaseError } from '../errors/BaseError.js';

/** node + stakers + treasury does not equal the amount charged. HTTP 400 `bad_request`. */
export class InvalidSplitError extends BaseError {
  override name = 'InvalidSplitError';

  constructor(amount: bigint, node: bigint, stakers: bigint, treasury: bigint) {
    super(
      'bad_request',
      `Revenue split ${node} + ${stakers} + ${treasury} wei does not equal the ${amount} wei charged`,
      {
        details: {
          reason: 'invalid_split',
          amount: amount.toString(),
          node: node.toString(),
          stakers: stakers.toString(),
          treasury: treasury.toString(),
        },
      },
    );
  }
}
