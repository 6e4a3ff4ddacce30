import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from './appEnv.js';
import { type DirectResponseBindings, toOutgoingHeaders } from './withDirectResponses.js';

/** The stream a handler writes its events to (Hono's SSE stream has the same shape). */
export type ServerSentEventStream = {
  /** Writes raw `text/event-stream` text; resolves once it is written (rejects if it cannot be). */
  write(text: string): Promise<unknown>;
  /** Called once if the client goes away before the stream ends. */
  onAbort(listener: () => void): void;
  readonly aborted: boolean;
};

/**
 * Answers with a `text/event-stream` that `run` writes. Served by node-server through
 * {@link withDirectResponses}, the text goes straight to the Node response: its head (with every
 * header the app's middleware set) once the app has answered, then each write as it comes, a
 * write's promise resolving when Node has handed it to the socket. Anywhere else (`app.request` in
 * tests) it is Hono's `streamSSE`.
 *
 * @param c - the request's context.
 * @param run - writes the events; the stream ends when it returns or throws (a throw is logged
 *   with the request's logger, or to the console where the app set none).
 * @returns the response to return from the handler.
 * @example
 * return streamServerSentEvents(c, async (stream) => { await stream.write('data: [DONE]\n\n'); });
 */
export function streamServerSentEvents(
  c: Context<AppEnv>,
  run: (stream: ServerSentEventStream) => Promise<void>,
): Response {
  const env = c.env as Partial<DirectResponseBindings> | undefined;
  if (!env?.outgoing || !env.finalHead) return streamSSE(c, run);
  const { outgoing, finalHead } = env;
  c.header('Cache-Control', 'no-cache');
  c.header('Connection', 'keep-alive');
  const listeners: Array<() => void> = [];
  // Node may never call back a write that was pending when the connection closed: such writes
  // fail at the close (a settlement waits for them, and bills only what was written).
  const pending = new Set<(error: Error) => void>();
  const stream = {
    aborted: false,
    onAbort: (listener: () => void) => listeners.push(listener),
    write: async (text: string) => {
      await head;
      if (stream.aborted) throw new Error('the client went away');
      await new Promise<void>((resolve, reject) => {
        pending.add(reject);
        outgoing.write(text, (error) => {
          pending.delete(reject);
          if (error) reject(error);
          else resolve();
        });
      });
    },
  };
  const abort = () => {
    if (stream.aborted) return;
    stream.aborted = true;
    for (const fail of pending) fail(new Error('the client went away'));
    pending.clear();
    for (const listener of listeners) listener();
  };
  outgoing.once('close', () => {
    if (!outgoing.writableFinished) abort();
  });
  const head = finalHead.then((final) => {
    if (!final) throw new Error('the answer was replaced after the stream began');
    // Hono drops the content type when the handler's answer replaces its own: it is set here.
    outgoing.writeHead(final.status, { ...toOutgoingHeaders(final), 'content-type': 'text/event-stream' });
  });
  // A replaced answer is node-server's to write: the stream stops as if its client had gone.
  const headWritten = head.then(
    () => true,
    () => {
      abort();
      return false;
    },
  );
  void (async () => {
    try {
      await run(stream);
    } catch (error) {
      if (!stream.aborted) logFailure(c, error);
    } finally {
      if (await headWritten) outgoing.end();
    }
  })();
  return RESPONSE_ALREADY_SENT;
}

/** A stream that failed on its own, logged with the request's logger (its id) when the app set one. */
function logFailure(c: Context<AppEnv>, error: unknown): void {
  const logger: AppEnv['Variables']['logger'] | undefined = c.get('logger');
  if (logger) logger.error({ err: error }, 'event stream failed');
  else console.error(error);
}
