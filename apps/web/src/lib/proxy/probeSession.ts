import { proxyToApi } from './proxyToApi';

/** The API's refresh cookie (HttpOnly, Path=/api/auth): the only sign that a session may exist. */
const REFRESH_COOKIE = 'far_refresh';

function hasCookie(header: string | null, name: string): boolean {
  return (header ?? '').split(';').some((part) => {
    const [key, value] = part.trim().split('=', 2);
    return key === name && Boolean(value);
  });
}

function withCookiesOf(upstream: Response): Headers {
  const headers = new Headers({ 'cache-control': 'no-store' });
  for (const cookie of upstream.headers.getSetCookie()) headers.append('set-cookie', cookie);
  return headers;
}

/**
 * The web app's session probe (`POST /api/auth/session`): restores the session from the refresh
 * cookie through the API's `/api/auth/refresh`, and answers `200 {signedIn: false}` when there is
 * no cookie or the API no longer accepts it. Signed out is a normal state, and a browser logs
 * every 4xx a page fetches as a console error.
 * @param request - the browser's request, with its cookies
 * @param env - an environment to read `API_URL` from instead of the process's (tests)
 * @returns `{signedIn: true, session}` with the rotated cookie, `{signedIn: false}` (clearing a
 *   dead cookie), or the API's own answer when it failed for another reason
 */
export async function probeSession(
  request: Request,
  env?: Record<string, string | undefined>,
): Promise<Response> {
  if (!hasCookie(request.headers.get('cookie'), REFRESH_COOKIE)) {
    return Response.json({ signedIn: false }, { headers: { 'cache-control': 'no-store' } });
  }
  const headers = new Headers(request.headers);
  headers.set('content-type', 'application/json');
  const upstream = await proxyToApi(
    new Request(new URL('/api/auth/refresh', request.url), { method: 'POST', headers, body: '{}' }),
    env,
  );
  if (upstream.status === 401) {
    await upstream.body?.cancel();
    return Response.json({ signedIn: false }, { headers: withCookiesOf(upstream) });
  }
  if (!upstream.ok) return upstream;
  const session: unknown = await upstream.json();
  return Response.json({ signedIn: true, session }, { headers: withCookiesOf(upstream) });
}
