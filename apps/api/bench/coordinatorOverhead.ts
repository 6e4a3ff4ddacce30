/**
 * Coordinator overhead: the same engine called directly vs. through the Far network
 * (client → API → far-node → engine), at a fixed request rate, measured in one run.
 *
 * The engine is a local OpenAI-compatible server that streams a fixed answer as fast as the
 * socket allows, so the difference between the two paths is what the coordinator and the node
 * relay add: auth, pricing, the ledger reservation and settlement, scheduling, two WebSocket hops.
 *
 *   npx tsx apps/api/bench/coordinatorOverhead.ts [requestsPerSecond=200] [seconds=5]
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseEther } from 'viem';
import { readSseData } from '../test/support/readSseData.js';
import { startTestNetwork } from '../test/support/startTestNetwork.js';

const RATE = Number(process.argv[2] ?? 200);
const SECONDS = Number(process.argv[3] ?? 5);
const TOKENS = 16;
const RELAY_TOKENS = 4000;

/** A minimal OpenAI-compatible streaming engine: `n` tokens, no model time. */
function startEngine() {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' && req.url?.endsWith('/models')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ object: 'list', data: [{ id: 'far-demo', object: 'model', owned_by: 'bench' }] }),
      );
      return;
    }
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      const request = JSON.parse(body || '{}') as { max_tokens?: number; model?: string };
      const n = Math.min(request.max_tokens ?? TOKENS, RELAY_TOKENS);
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const chunk = (delta: object, finish: string | null) =>
        `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 0, model: request.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      let out = chunk({ role: 'assistant', content: '' }, null);
      for (let i = 0; i < n; i++) out += chunk({ content: ` w${i}` }, null);
      out += chunk({}, n < (request.max_tokens ?? TOKENS) ? 'stop' : 'length');
      out += `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 0, model: request.model, choices: [], usage: { prompt_tokens: 5, completion_tokens: n, total_tokens: n + 5 } })}\n\ndata: [DONE]\n\n`;
      res.end(out);
    });
  });
  return new Promise<{ url: string; close: () => void }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
        close: () => server.close(),
      }),
    ),
  );
}

type Timing = { ttftMs: number; totalMs: number; tokens: number };

/** One streamed request; times the first content token and the end of the stream. */
async function timeRequest(url: string, apiKey: string | undefined, maxTokens: number): Promise<Timing> {
  const started = performance.now();
  const response = await fetch(`${url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
    body: JSON.stringify({
      model: 'far-demo',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: maxTokens,
      stream: true,
    }),
  });
  if (!response.ok || !response.body) throw new Error(`${response.status} ${await response.text()}`);
  let ttftMs = 0;
  let tokens = 0;
  for await (const data of readSseData(response.body)) {
    if (data.startsWith('{') && data.includes('"content":"') && !data.includes('"content":""')) {
      tokens++;
      if (tokens === 1) ttftMs = performance.now() - started;
    }
  }
  return { ttftMs, totalMs: performance.now() - started, tokens };
}

/** Fires requests at a fixed rate (open loop) for `seconds`, then waits for all of them. */
async function atFixedRate(run: () => Promise<Timing>, rate: number, seconds: number) {
  const total = Math.round(rate * seconds);
  const pending: Promise<Timing | Error>[] = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(run().catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))));
  }
  const results = await Promise.all(pending);
  const ok = results.filter((r): r is Timing => !(r instanceof Error));
  const errors = results.filter((r): r is Error => r instanceof Error);
  return { ok, errors, achievedRate: total / ((performance.now() - start) / 1000) };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

const engine = await startEngine();
const net = await startTestNetwork();
try {
  const [user, owner] = net.bed.users as [`0x${string}`, `0x${string}`];
  net.startNode(
    owner,
    ['--max-concurrency', '256'],
    ['--engine', 'openai', '--upstream', engine.url, '--model', 'far-demo'],
  );
  const { apiKey } = await net.apiKeyFor(user);
  await net.fund(user, apiKey, parseEther('100000'));
  await net.waitForNodes('far-demo');
  const through = `${net.api.url}/v1`;

  // Warm both paths (JIT, connection pools, prepared statements).
  for (let i = 0; i < 50; i++) {
    await timeRequest(engine.url, undefined, TOKENS);
    await timeRequest(through, apiKey, TOKENS);
  }

  const direct = await atFixedRate(() => timeRequest(engine.url, undefined, TOKENS), RATE, SECONDS);
  const via = await atFixedRate(() => timeRequest(through, apiKey, TOKENS), RATE, SECONDS);

  const row = (name: string, r: typeof direct) =>
    `${name.padEnd(12)} ${String(r.ok.length).padStart(6)} ${String(r.errors.length).padStart(6)} ${r.achievedRate.toFixed(0).padStart(6)}` +
    ` ${percentile(
      r.ok.map((t) => t.ttftMs),
      50,
    )
      .toFixed(2)
      .padStart(9)} ${percentile(
      r.ok.map((t) => t.ttftMs),
      99,
    )
      .toFixed(2)
      .padStart(9)}` +
    ` ${percentile(
      r.ok.map((t) => t.totalMs),
      50,
    )
      .toFixed(2)
      .padStart(9)} ${percentile(
      r.ok.map((t) => t.totalMs),
      99,
    )
      .toFixed(2)
      .padStart(9)}`;
  console.log(`\nCoordinator overhead at ${RATE} requests/s for ${SECONDS} s, ${TOKENS} tokens each`);
  console.log('path             ok errors  req/s  ttft p50  ttft p99 total p50 total p99   (ms)');
  console.log(row('direct', direct));
  console.log(row('through', via));
  if (via.errors[0])
    console.log(`first error through the coordinator: ${via.errors[0].message.slice(0, 200)}`);

  const added = (p: number, pick: (t: Timing) => number) =>
    percentile(via.ok.map(pick), p) - percentile(direct.ok.map(pick), p);

  // Relay throughput: one long stream, tokens per second through ÷ direct.
  const longDirect = await timeRequest(engine.url, undefined, RELAY_TOKENS);
  const longVia = await timeRequest(through, apiKey, RELAY_TOKENS);
  const tpsDirect = longDirect.tokens / (longDirect.totalMs / 1000);
  const tpsVia = longVia.tokens / (longVia.totalMs / 1000);
  console.log(
    `\nrelay: ${RELAY_TOKENS} tokens — direct ${tpsDirect.toFixed(0)} tok/s, through ${tpsVia.toFixed(0)} tok/s`,
  );

  console.log(
    `RESULT overhead_p50_ms=${added(50, (t) => t.totalMs).toFixed(2)} overhead_p99_ms=${added(99, (t) => t.totalMs).toFixed(2)} ` +
      `ttft_overhead_p50_ms=${added(50, (t) => t.ttftMs).toFixed(2)} ttft_overhead_p99_ms=${added(99, (t) => t.ttftMs).toFixed(2)} ` +
      `errors_through=${via.errors.length}`,
  );
  console.log(`RESULT relay_throughput_ratio=${(tpsVia / tpsDirect).toFixed(3)}`);
} finally {
  await net.close();
  engine.close();
}
