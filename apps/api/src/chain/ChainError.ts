import { BaseError } from '../errors/BaseError.js';

/**
 * A chain call failed: a contract revert (with the custom error's name and arguments), an RPC that
 * cannot be reached, or a transaction that cannot pay for gas. HTTP 502 `chain_error`; `reason` is
 * stable for programs (`SpendingCapExceeded`, `ERC20InsufficientAllowance`, `rpc_unreachable`…),
 * the message is for people.
 */
export class ChainError extends BaseError {
  override name = 'ChainError';
  /** The contract's custom error name, or a kind such as `rpc_unreachable` when nothing reverted. */
  readonly reason: string;

  constructor(reason: string, message: string, options: { cause?: unknown; args?: readonly unknown[] } = {}) {
    super('chain_error', message, {
      cause: options.cause,
      details: {
        reason,
        ...(options.args === undefined
          ? {}
          : { args: options.args.map((arg) => (typeof arg === 'bigint' ? arg.toString() : arg)) }),
      },
    });
    this.reason = reason;
  }
}
