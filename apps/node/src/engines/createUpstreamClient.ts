import { EngineError } from './engineError.js';
import { errorMessage } from './errorMessage.js';
import {
  requestOverHttp,
  type UpstreamRequestInit,
  type UpstreamResponse,
  type UpstreamTransport,
} from './requestOverHttp.js';

/** HTTP to an OpenAI-compatible server, with its failures as engine errors. */
export type UpstreamClient = {
  /** The server's base URL without a trailing `/v1`. */
  readonly root: string;
  /** POSTs JSON; an abort passes through as it is, so the caller can tell a cancel from a failure. */
  post(path: string, body: unknown, signal?: AbortSignal): Promise<UpstreamResponse>;
  get(path: string): Promise<UpstreamResponse>;
};

export type CreateUpstreamClientOptions = {
  /** Base URL of the server, with or without the trailing `/v1`. */
  upstream: string;
  apiKey?: string | undefined;
  /** How requests are sent; default {@link requestOverHttp}. Tests inject their own. */
  transport?: UpstreamTransport | undefined;
};

/**
 * A client for an OpenAI-compatible server: unreachable becomes `UPSTREAM_UNREACHABLE`, a non-2xx
 * answer `UPSTREAM_HTTP_ERROR` with its status and the start of its body.
 *
 * @param options - server URL, API key, transport.
 * @returns the client.
 * @example
 * const client = createUpstreamClient({ upstream: 'http://127.0.0.1:8000/v1' });
 * const response = await client.post('/v1/completions', body, signal);
 */
export function createUpstreamClient(options: CreateUpstreamClientOptions): UpstreamClient {
  const transport = options.transport ?? requestOverHttp;
  const root = options.upstream.replace(/\/+$/, '').replace(/\/v1$/, '');
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;

  const request = async (
    path: string,
    init: Pick<UpstreamRequestInit, 'method' | 'body'>,
    signal?: AbortSignal,
  ): Promise<UpstreamResponse> => {
    let response: UpstreamResponse;
    try {
      response = await transport(`${root}${path}`, { ...init, headers, signal });
    } catch (cause) {
      if (signal?.aborted) throw cause;
      throw new EngineError('UPSTREAM_UNREACHABLE', `cannot reach ${root}${path}: ${errorMessage(cause)}`, {
        cause,
      });
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw new EngineError(
        'UPSTREAM_HTTP_ERROR',
        `${root}${path} answered ${response.status}: ${text.slice(0, 300)}`,
        { status: response.status },
      );
    }
    return response;
  };

  return {
    root,
    post: (path, body, signal) => request(path, { method: 'POST', body: JSON.stringify(body) }, signal),
    get: (path) => request(path, { method: 'GET' }),
  };
}
