/**
 * A failed API call: the API's `{ error: { code, message } }`, or a client-side code when the
 * API could not be reached or answered something we cannot parse.
 */
export class ApiError extends Error {
  override name = 'ApiError' as const;
  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string, status: number, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.status = status;
  }
}
