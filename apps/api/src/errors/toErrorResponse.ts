import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { BaseError } from './BaseError.js';

/**
 * The one error shape. `type` and `param` make it OpenAI's shape as well, so the official SDKs
 * raise their usual typed errors against `/v1`.
 */
export type ErrorBody = {
  error: {
    code: string;
    message: string;
    type: string;
    param: string | null;
    details?: Record<string, unknown>;
  };
};

/** OpenAI's error `type` for an HTTP status. */
function errorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 402) return 'insufficient_quota';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return status === 503 ? 'service_unavailable_error' : 'api_error';
  return 'invalid_request_error';
}

function body(status: number, code: string, message: string, details?: Record<string, unknown>): ErrorBody {
  const fields = details?.fields as { field: string }[] | undefined;
  const param = typeof details?.field === 'string' ? details.field : (fields?.[0]?.field ?? null);
  return { error: { code, message, type: errorType(status), param, ...(details ? { details } : {}) } };
}

/** Turns a zod failure into a 422 that names the first failing field (and lists them all). */
export function validationError(error: ZodError, where: string): BaseError {
  const fields = error.issues.map((i) => ({ field: i.path.join('.') || where, message: i.message }));
  const first = fields[0];
  return new BaseError('validation_failed', first ? `${first.field}: ${first.message}` : `invalid ${where}`, {
    details: { fields },
  });
}

/**
 * Maps any thrown value to the API's one error shape. Unknown errors become a 500 whose
 * message says nothing about the cause (the cause is logged, not returned).
 *
 * @returns the status, headers and body to send.
 */
export function toErrorResponse(error: unknown): {
  status: number;
  headers: Record<string, string>;
  body: ErrorBody;
  expected: boolean;
} {
  if (error instanceof BaseError) {
    return {
      status: error.status,
      headers: error.headers ?? {},
      body: body(error.status, error.code, error.message, error.details),
      expected: true,
    };
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    const code =
      status === 400 && /json/i.test(error.message)
        ? 'invalid_json'
        : status === 413
          ? 'payload_too_large'
          : status === 401
            ? 'unauthorized'
            : status === 404
              ? 'not_found'
              : status === 415
                ? 'unsupported_media_type'
                : status < 500
                  ? 'bad_request'
                  : 'internal_error';
    const message =
      code === 'invalid_json'
        ? 'The request body is not valid JSON'
        : status < 500
          ? error.message || code
          : 'Internal server error';
    return { status, headers: {}, body: body(status, code, message), expected: status < 500 };
  }
  return {
    status: 500,
    headers: {},
    body: body(500, 'internal_error', 'Internal server error'),
    expected: false,
  };
}
