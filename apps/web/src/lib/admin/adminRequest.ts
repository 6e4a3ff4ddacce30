import { ApiError } from '../api/ApiError';
import { toApiError } from '../api/toApiError';

/**
 * Calls an operator-console route (`/api/admin/*`, same origin through the Next proxy) with the
 * signed-in wallet's session. The console's routes are the operators' own and not in the public
 * OpenAPI client, so the caller names the answer's type.
 * @param accessToken - the wallet session's access token
 * @param path - e.g. `/api/admin/health`
 * @param init - method and JSON body, when any
 * @returns the parsed JSON answer
 * @example
 * const health = await adminRequest<NetworkHealth>(accessToken, '/api/admin/health');
 */
export async function adminRequest<T>(
  accessToken: string,
  path: string,
  init: { method?: 'GET' | 'POST'; body?: unknown } = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? 'GET',
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${accessToken}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  } catch (cause) {
    throw new ApiError('network_unreachable', 'The Far Labs API cannot be reached.', 0, { cause });
  }
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as T;
}
