import createClient from 'openapi-fetch';
import { readServerApiUrl } from '../config/readServerApiUrl';
import { ApiError } from './ApiError';
import type { paths } from './apiSchema.generated';

/**
 * A client typed from the API's own `/openapi.json` (`apiSchema.generated.ts`): paths, parameters,
 * bodies and answers are checked against the API at compile time, nothing hand-copied.
 * @param baseUrl - where the API is: '' in the browser (same origin, through the Next proxy), the
 *   API itself on the server
 * @returns an openapi-fetch client; read its answers with `readApiData`
 * @example
 * const { data } = await createApiClient('http://127.0.0.1:4000').GET('/api/chain');
 */
export function createApiClient(baseUrl: string) {
  return createClient<paths>({
    baseUrl,
    headers: { accept: 'application/json' },
    credentials: 'same-origin',
    // Looked up per call rather than captured once, and the one place a failed connection
    // becomes `network_unreachable` (an abort stays an abort).
    fetch: async (request) => {
      try {
        return await globalThis.fetch(request);
      } catch (cause) {
        if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
        throw new ApiError('network_unreachable', 'The Far Labs API cannot be reached.', 0, { cause });
      }
    },
  });
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** The app's client: same-origin in the browser; on the Next server, the API it proxies to. */
export const apiClient: ApiClient = createApiClient(typeof window === 'undefined' ? readServerApiUrl() : '');

/** The `Authorization` header for a bearer token, or none. */
export function bearer(accessToken: string | null | undefined): Record<string, string> {
  return accessToken ? { authorization: `Bearer ${accessToken}` } : {};
}
