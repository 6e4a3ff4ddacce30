import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { countingTokens, lastInteger } from './countingTokens.js';

/** One generation request the counting upstream received. */
export type UpstreamStream = {
  /** The path prefix of the engine URL: which node sent it. */
  label: string;
  /** The `Request r<N>` id found in the prompt, if any. */
  requestId: number | undefined;
  /** The count the prompt ended at: 0 for a fresh request, more for a resumed one. */
  from: number;
  maxTokens: number;
  emitted: number;
  /** The node closed the request before the answer was complete (cancel or death). */
  aborted: boolean;
  finished: boolean;
  abortedAt: number | undefined;
};

export type CountingUpstream = {
  /** The engine URL to give a far-node: the label tells the upstream which node is calling. */
  url(label: string): string;
  streams: UpstreamStream[];
  /** The streams still open (neither finished nor aborted). */
  live: Set<UpstreamStream>;
  /** Time per token; may be changed between runs. */
  tokenDelayMs: number;
  /** Per stream: how many tokens to send before holding the rest until the node goes away. */
  stallAfter: ((stream: UpstreamStream) => number | undefined) | undefined;
  close(): Promise<void>;
};

/** A generation request as the counting model reads it. */
type CountingRequest = { chat: boolean; text: string; maxTokens: number };

/**
 * An OpenAI-compatible server (`/v1/models`, streamed `/v1/completions` and
 * `/v1/chat/completions`) running the counting model with `tokenDelayMs` between tokens.
 *
 * @param options.tokenDelayMs - time per token, so that a kill or a cancel lands mid-stream.
 * @param options.model - the model id it serves.
 * @returns the server, with a record of every stream it served.
 * @example
 * const upstream = await startCountingUpstream({ tokenDelayMs: 25 });
 * // far-node … --engine openai --upstream ${upstream.url('n1')}
 */
export async function startCountingUpstream(options: {
  tokenDelayMs: number;
  model?: string;
}): Promise<CountingUpstream> {
  const model = options.model ?? 'far-demo';
  const upstream: CountingUpstream = {
    url: () => '',
    streams: [],
    live: new Set(),
    tokenDelayMs: options.tokenDelayMs,
    stallAfter: undefined,
    close: async () => {},
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const [, label = '', ...rest] = (req.url ?? '/').split('/');
    const path = `/${rest.join('/')}`;
    if (req.method === 'GET' && path === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: model, object: 'model', owned_by: 'bench' }] }));
      return;
    }
    const chat = path === '/v1/chat/completions';
    if (req.method !== 'POST' || (!chat && path !== '/v1/completions')) {
      res.writeHead(404).end();
      return;
    }
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => streamCountingAnswer(upstream, model, label, parseCountingRequest(body, chat), res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  upstream.url = (label) => `${base}/${label}`;
  upstream.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return upstream;
}

/** Reads the prompt (or the chat's contents joined) and `max_tokens` from a request body. */
function parseCountingRequest(body: string, chat: boolean): CountingRequest {
  const request = JSON.parse(body || '{}') as {
    prompt?: string;
    messages?: { content: string }[];
    max_tokens?: number;
  };
  const text = chat ? (request.messages ?? []).map((m) => m.content).join('\n') : (request.prompt ?? '');
  return { chat, text, maxTokens: request.max_tokens ?? 16 };
}

/**
 * Records the request as a stream and answers it token by token, every `upstream.tokenDelayMs`,
 * holding at `upstream.stallAfter` tokens if that says so; a closed connection marks it aborted.
 */
function streamCountingAnswer(
  upstream: CountingUpstream,
  model: string,
  label: string,
  { chat, text, maxTokens }: CountingRequest,
  res: ServerResponse,
): void {
  const idMatch = /Request r(\d+)/.exec(text);
  const stream: UpstreamStream = {
    label,
    requestId: idMatch ? Number(idMatch[1]) : undefined,
    from: lastInteger(text),
    maxTokens,
    emitted: 0,
    aborted: false,
    finished: false,
    abortedAt: undefined,
  };
  upstream.streams.push(stream);
  upstream.live.add(stream);
  const stallAt = upstream.stallAfter?.(stream);
  const tokens = countingTokens(text, maxTokens);
  const frame = sseFrame(model, chat);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.flushHeaders();
  let timer: NodeJS.Timeout | undefined;
  res.on('close', () => {
    clearTimeout(timer);
    upstream.live.delete(stream);
    if (!stream.finished) {
      stream.aborted = true;
      stream.abortedAt = performance.now();
    }
  });
  const next = () => {
    if (stream.aborted) return;
    if (stream.emitted === stallAt) return; // hold: the node sees a silent, open stream
    const token = tokens[stream.emitted];
    if (token === undefined) {
      stream.finished = true;
      res.write(frame(chat ? { delta: {}, finish_reason: 'length' } : { text: '', finish_reason: 'length' }));
      const usage = {
        prompt_tokens: text.split(/\s+/).length,
        completion_tokens: maxTokens,
        total_tokens: maxTokens,
      };
      res.write(frame({}, usage));
      res.end('data: [DONE]\n\n');
      return;
    }
    stream.emitted += 1;
    res.write(
      frame(chat ? { delta: { content: token }, finish_reason: null } : { text: token, finish_reason: null }),
    );
    timer = setTimeout(next, upstream.tokenDelayMs);
  };
  timer = setTimeout(next, upstream.tokenDelayMs);
}

/** Formats one OpenAI SSE chunk: a choice, or (with `usage`) the closing usage chunk. */
function sseFrame(model: string, chat: boolean): (choice: object, usage?: object) => string {
  return (choice, usage) =>
    `data: ${JSON.stringify({
      id: 'cmpl-count',
      object: chat ? 'chat.completion.chunk' : 'text_completion',
      created: 0,
      model,
      choices: usage ? [] : [{ index: 0, ...choice }],
      ...(usage ? { usage } : {}),
    })}\n\n`;
}
