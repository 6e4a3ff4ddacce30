/**
 * The benchmark's engine: a minimal OpenAI-compatible server (`GET /v1/models`, streamed
 * `POST /v1/chat/completions`) that answers `max_tokens` tokens (at most 4,000) in one write, with
 * no model time, so that what a path in front of it adds is all that differs between paths.
 *
 * Run as a script (its own process, so neither the load generator nor Far shares its event loop),
 * it listens on a free loopback port and prints `{"url":"http://127.0.0.1:<port>/v1"}` once.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The longest answer it gives. */
const MAX_TOKENS = 4000;
const DEFAULT_TOKENS = 16;

/** One server-sent event of an OpenAI chat completion stream. */
function chunk(model: string | undefined, delta: object, finish: string | null): string {
  return `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 0, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
}

/** The whole stream for `maxTokens`: the role, the tokens, the finish, the usage and `[DONE]`. */
function answer(model: string | undefined, maxTokens: number): string {
  const n = Math.min(maxTokens, MAX_TOKENS);
  let out = chunk(model, { role: 'assistant', content: '' }, null);
  for (let i = 0; i < n; i++) out += chunk(model, { content: ` w${i}` }, null);
  out += chunk(model, {}, n < maxTokens ? 'stop' : 'length');
  const usage = { prompt_tokens: 5, completion_tokens: n, total_tokens: n + 5 };
  out += `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 0, model, choices: [], usage })}\n\n`;
  return `${out}data: [DONE]\n\n`;
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  if (req.method === 'GET' && req.url?.endsWith('/models')) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ object: 'list', data: [{ id: 'far-demo', object: 'model', owned_by: 'bench' }] }),
    );
    return;
  }
  let body = '';
  req.on('data', (c: Buffer) => {
    body += c;
  });
  req.on('end', () => {
    const request = JSON.parse(body || '{}') as { max_tokens?: number; model?: string };
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.end(answer(request.model, request.max_tokens ?? DEFAULT_TOKENS));
  });
}

const server = createServer(handle);
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}/v1` })}\n`);
});
