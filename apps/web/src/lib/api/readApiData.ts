import { ApiError } from './ApiError';
import { apiErrorOf } from './toApiError';

type ApiAnswer<T> = { data?: T; error?: unknown; response: Response };

/**
 * Waits for an `apiClient` call and hands back its data, decoded (wei strings to bigint, dates),
 * or throws one ApiError for every way it can fail.
 * @param pending - the call, e.g. `apiClient.GET('/api/me', { headers })`
 * @param decode - turns the API's JSON into the app's values; a body it cannot read is refused
 * @returns the decoded data
 * @throws {ApiError} with the API's error code, or `network_unreachable` / `invalid_response` / `http_error`
 * @example
 * const me = await readApiData(apiClient.GET('/api/me', { headers: bearer(token) }), toMe);
 */
export async function readApiData<T, R>(pending: Promise<ApiAnswer<T>>, decode: (data: T) => R): Promise<R> {
  let answer: ApiAnswer<T>;
  try {
    answer = await pending;
  } catch (cause) {
    if (cause instanceof ApiError) throw cause;
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    // The fetch itself is wrapped (apiClient), so what is left is a 2xx body that is not JSON.
    throw new ApiError('invalid_response', 'The API answered something that is not JSON.', 0, { cause });
  }
  const { response } = answer;
  if (!response.ok) throw apiErrorOf(response.status, response.statusText, answer.error);
  try {
    return decode(answer.data as T);
  } catch (cause) {
    const path = new URL(response.url || '/', 'http://far.invalid').pathname;
    throw new ApiError('invalid_response', `${path} answered an unexpected shape.`, response.status, {
      cause,
    });
  }
}
