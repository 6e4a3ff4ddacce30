import { BaseError } from '../errors/BaseError.js';

/**
 * A posting would take a ledger account below zero. HTTP 402 `insufficient_balance`; amounts are
 * decimal wei strings in `details` because JSON has no bigint.
 */
export class InsufficientBalanceError extends BaseError {
  override name = 'InsufficientBalanceError';
  readonly accountKind: string;
  readonly available: bigint;
  readonly required: bigint;

  constructor(accountKind: string, available: bigint, required: bigint) {
    super(
      'insufficient_balance',
      `Insufficient ${accountKind} balance: need ${required} wei, have ${available} wei`,
      {
        details: { account: accountKind, available: available.toString(), required: required.toString() },
      },
    );
    this.accountKind = accountKind;
    this.available = available;
    this.required = required;
  }
}
