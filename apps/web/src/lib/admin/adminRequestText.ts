import { ApiError } from '../api/ApiError';
import { toApiError } from '../api/toApiError';

/**
 * Downloads an operator-console export (CSV or JSONL) with the wallet's session: a plain link
 * cannot carry the bearer token.
 * @param accessToken - the wallet session's access token
 * @param path - e.g. `/api/admin/audit/export?format=csv`
 * @returns the body as text
 */
export async function adminRequestText(accessToken: string, path: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { authorization: `Bearer ${accessToken}` } });
  } catch (cause) {
    throw new ApiError('network_unreachable', 'The Far Labs API cannot be reached.', 0, { cause });
  }
  if (!response.ok) throw await toApiError(response);
  return response.text();
}
