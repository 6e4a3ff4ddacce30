/** Stable codes callers can switch on; messages are for people. */
export type ContractsErrorCode =
  | 'INVALID_AMOUNT'
  | 'INVALID_PERFORMANCE_SCORE'
  | 'INVALID_SETTLEMENT_ENTRY'
  | 'DEPLOYMENTS_NOT_FOUND'
  | 'INVALID_DEPLOYMENTS'
  | 'DEPLOYMENT_FAILED'
  | 'INVALID_REVENUE_SOURCE'
  | 'INVALID_PRIZE_TABLE';

export type ContractsErrorOptions = { cause?: unknown; details?: string };

/**
 * The one error type thrown by `@far/contracts` helpers.
 *
 * @example
 * try { splitRevenue(-1n, 80) } catch (e) { if (e instanceof ContractsError && e.code === 'INVALID_AMOUNT') ... }
 */
export class ContractsError extends Error {
  override name = 'ContractsError' as const;
  readonly code: ContractsErrorCode;
  readonly shortMessage: string;
  readonly details: string | undefined;

  constructor(code: ContractsErrorCode, shortMessage: string, options: ContractsErrorOptions = {}) {
    super(options.details ? `${shortMessage}\n\nDetails: ${options.details}` : shortMessage, {
      cause: options.cause,
    });
    this.code = code;
    this.shortMessage = shortMessage;
    this.details = options.details;
  }
}
