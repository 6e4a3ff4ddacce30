import { ApiError } from './ApiError';

/**
 * The ApiError for a failed answer whose body was already read, keeping the API's code when the
 * body is the API's `{ error: { code, message } }`.
 * @param status - the HTTP status
 * @param statusText - the HTTP status text
 * @param body - the body, parsed as JSON where it was JSON, else its text
 * @returns the error to throw
 */
export function apiErrorOf(status: number, statusText: string, body: unknown): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (typeof error?.code === 'string' && typeof error.message === 'string') {
    return new ApiError(error.code, error.message, status);
  }
  // Not the API's error shape: a proxy error page or an endpoint that does not exist yet.
  const message =
    status === 404
      ? 'This part of the API is not available yet.'
      : `The API answered ${status} ${statusText}.`;
  return new ApiError('http_error', message, status);
}

/**
 * Turns a non-2xx response into an ApiError, keeping the API's code when the body has one.
 * @param response - the failed response, body unread
 * @returns the error to throw
 */
export async function toApiError(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: apiErrorOf explains it by the status.
  }
  return apiErrorOf(response.status, response.statusText, body);
}
