import * as z from 'zod/mini';
import { ApiError } from './ApiError';

const errorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export type ApiRequestOptions<T extends z.ZodMiniType> = {
  method?: 'GET' | 'POST' | 'DELETE';
  body?: unknown;
  accessToken?: string | null;
  signal?: AbortSignal;
  /** Parses the 2xx body; omit for 204 responses. */
  schema?: T;
  /** Prefix for server-side calls; the browser calls same-origin through Next rewrites. */
  baseUrl?: string;
};

/**
 * Calls the Far Labs API and validates the response with zod.
 * @param path - path starting with `/api` or `/v1`
 * @param options - method, JSON body, bearer token and the schema of a successful body
 * @returns the parsed body, or `undefined` when no schema was given
 * @throws {ApiError} with the API's error code, or `network_unreachable` / `invalid_response` / `http_error`
 * @example
 * const me = await apiRequest('/api/me', { schema: meSchema, accessToken });
 */
export async function apiRequest<T extends z.ZodMiniType>(
  path: string,
  options: ApiRequestOptions<T> & { schema: T },
): Promise<z.infer<T>>;
export async function apiRequest(
  path: string,
  options?: ApiRequestOptions<z.ZodMiniType>,
): Promise<undefined>;
export async function apiRequest<T extends z.ZodMiniType>(
  path: string,
  options: ApiRequestOptions<T> = {},
): Promise<z.infer<T> | undefined> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.accessToken) headers.authorization = `Bearer ${options.accessToken}`;
  let response: Response;
  try {
    response = await fetch(`${options.baseUrl ?? ''}${path}`, {
      method: options.method ?? 'GET',
      headers,
      credentials: 'same-origin',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError('network_unreachable', 'The Far Labs API cannot be reached.', 0, { cause });
  }
  if (!response.ok) throw await toApiError(response);
  if (!options.schema || response.status === 204) return undefined;
  let json: unknown;
  try {
    json = await response.json();
  } catch (cause) {
    throw new ApiError('invalid_response', `${path} answered something that is not JSON.`, response.status, {
      cause,
    });
  }
  const parsed = options.schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiError('invalid_response', `${path} answered an unexpected shape.`, response.status, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/**
 * Turns a non-2xx response into an ApiError, keeping the API's code when the body has one.
 * @param response - the failed response
 * @returns the error to throw
 */
export async function toApiError(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    if (parsed.success)
      return new ApiError(parsed.data.error.code, parsed.data.error.message, response.status);
  } catch {
    // Not JSON: a proxy error page or an endpoint that does not exist yet.
  }
  const message =
    response.status === 404
      ? 'This part of the API is not available yet.'
      : `The API answered ${response.status} ${response.statusText}.`;
  return new ApiError('http_error', message, response.status);
}
