import { ServerResponse } from 'node:http';
import type { Http2Bindings, HttpBindings } from '@hono/node-server';

/** The final answer's status and headers, once the app and all its middleware have produced it. */
export type FinalHead = { status: number; headers: Headers };

/**
 * What {@link withDirectResponses} puts in each request's `c.env`, besides node-server's own
 * `incoming` / `outgoing`: the head the app ends up answering with, `undefined` when the handler's
 * `RESPONSE_ALREADY_SENT` was replaced on the way out (an error handler's answer, say): node-server
 * then writes that answer itself, and a handler writing to `outgoing` must not.
 */
export type DirectResponseBindings = { outgoing: ServerResponse; finalHead: Promise<FinalHead | undefined> };

/** node-server's `RESPONSE_ALREADY_SENT` carries this header (its `X_ALREADY_SENT`). */
const ALREADY_SENT_HEADER = 'x-hono-already-sent';

type ServerFetch = (request: Request, env: HttpBindings | Http2Bindings) => Response | Promise<Response>;

/**
 * Wraps the app's `fetch` for node-server's `serve()` so a handler may write the Node response
 * itself (`streamServerSentEvents` does, for the inference streams: Hono's stream, web streams and a
 * TextEncoder between the handler and the socket cost ~0.17 ms of CPU per streamed request, issue
 * 12) and still send exactly the headers node-server would have sent: the app's middleware add
 * theirs (secure headers, CORS, the request id) after the handler returns, so the head is only
 * known once the app's `fetch` has resolved. Each request's env gets that head as `finalHead`.
 *
 * @param fetch - the app's fetch.
 * @returns the fetch to serve.
 * @example
 * serve({ fetch: withDirectResponses(app.fetch), port: 4000 });
 */
export function withDirectResponses(fetch: ServerFetch): ServerFetch {
  return async (request, env) => {
    // HTTP/2 answers are left to node-server (the API serves HTTP/1.1).
    if (!(env.outgoing instanceof ServerResponse)) return fetch(request, env);
    let settle: (head: FinalHead | undefined) => void = () => {};
    const finalHead = new Promise<FinalHead | undefined>((resolve) => {
      settle = resolve;
    });
    try {
      const response = await fetch(request, Object.assign(env, { finalHead }));
      // As node-server reads it: an answer with a body is written, whatever its headers (Hono
      // carries a replaced answer's headers, the marker included, over to its replacement).
      const sentByHandler = response.body === null && response.headers.has(ALREADY_SENT_HEADER);
      settle(sentByHandler ? { status: response.status, headers: response.headers } : undefined);
      return response;
    } catch (error) {
      settle(undefined);
      throw error;
    }
  };
}

/**
 * The head to write for a final answer: its headers less node-server's marker.
 * @param head - the final head.
 * @returns the headers as `writeHead` takes them.
 */
export function toOutgoingHeaders(head: FinalHead): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of head.headers)
    if (name !== ALREADY_SENT_HEADER && name !== 'set-cookie') headers[name] = value;
  const cookies = head.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  return headers;
}
