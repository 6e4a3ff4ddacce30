import { readServerApiUrl } from '../config/readServerApiUrl';

// Hop-by-hop headers, and ones fetch recomputes: forwarding them would corrupt the exchange
// (fetch already decompressed the body, so its encoding and length no longer hold).
const droppedRequestHeaders = [
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'keep-alive',
  'upgrade',
];
const droppedResponseHeaders = [
  'connection',
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'keep-alive',
];

/**
 * Forwards a browser request to the API, same-origin, and streams the answer back (SSE included).
 * A route handler rather than a `rewrites()` entry because rewrites are frozen at build time, and
 * one build must serve whatever `API_URL` the server starts with (tests use random ports).
 * @param request - the incoming request to `/api/*` or `/v1/*`
 * @param env - an environment to read `API_URL` from instead of the process's (tests)
 * @returns the API's response, or a 502 in the API's error shape when it cannot be reached
 */
export async function proxyToApi(
  request: Request,
  env?: Record<string, string | undefined>,
): Promise<Response> {
  const incoming = new URL(request.url);
  const target = `${readServerApiUrl(env)}${incoming.pathname}${incoming.search}`;
  const headers = new Headers(request.headers);
  for (const name of droppedRequestHeaders) headers.delete(name);
  headers.set('x-forwarded-host', incoming.host);
  headers.set('x-forwarded-proto', incoming.protocol.replace(':', ''));
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: request.method,
      headers,
      redirect: 'manual',
      signal: request.signal,
      ...(hasBody ? { body: request.body, duplex: 'half' } : {}),
    } as RequestInit);
  } catch (cause) {
    // Operators need the reason in the server log; the browser gets the stable error shape.
    console.error(`[proxy] ${request.method} ${target} failed:`, cause);
    return Response.json(
      { error: { code: 'api_unreachable', message: 'The Far Labs API cannot be reached.' } },
      { status: 502 },
    );
  }
  const responseHeaders = new Headers();
  upstream.headers.forEach((value, name) => {
    if (!droppedResponseHeaders.includes(name) && name !== 'set-cookie') responseHeaders.set(name, value);
  });
  // Several cookies must stay several headers; joining them would corrupt them.
  for (const cookie of upstream.headers.getSetCookie()) responseHeaders.append('set-cookie', cookie);
  if ((responseHeaders.get('content-type') ?? '').includes('text/event-stream')) {
    responseHeaders.set('cache-control', 'no-cache, no-transform');
    responseHeaders.set('x-accel-buffering', 'no');
  }
  return new Response(upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: responseHeaders,
  });
}
