/**
 * The closed set of error codes the API returns, each with its HTTP status.
 * A client switches on `code`; a person reads `message`.
 */
export const errorStatus = {
  bad_request: 400,
  invalid_json: 400,
  /** Text PostgreSQL cannot store (U+0000, an unpaired surrogate); `param` names the field. */
  invalid_text: 400,
  unauthorized: 401,
  invalid_token: 401,
  token_expired: 401,
  refresh_token_reused: 401,
  invalid_signature: 401,
  invalid_nonce: 401,
  insufficient_balance: 402,
  spending_authorization_required: 402,
  forbidden: 403,
  not_found: 404,
  /** A model the catalogue does not sell; `suggestions` lists close matches. */
  model_not_found: 404,
  /** A batch file past its `expires_at`: it reads as gone, and the batch worker deletes it. */
  file_expired: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  internal_error: 500,
  chain_error: 502,
  no_node_available: 503,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export type BaseErrorOptions = {
  cause?: unknown;
  /** Machine-readable extras (e.g. the failing field), included in the response. */
  details?: Record<string, unknown>;
  /** Extra response headers, e.g. Retry-After. */
  headers?: Record<string, string>;
};

/**
 * The one error type of the API: every failure that reaches a client is a BaseError
 * (or is turned into `internal_error` without leaking its message).
 *
 * @example
 * throw new BaseError('not_found', 'API key not found');
 */
export class BaseError extends Error {
  override name = 'BaseError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: ErrorCode, message: string, options: BaseErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = errorStatus[code];
    this.details = options.details;
    this.headers = options.headers;
  }
}
