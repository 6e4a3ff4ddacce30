/**
 * Reliability under node failure and client cancellation (issue 5, item 6), through the real API
 * and real `far-node` processes (openai engine) in front of a local deterministic "counting model".
 *
 * Part 1 — kills: 8 streams run continuously over a pool of 16 far-nodes; a node serving at least
 * one stream mid-way is SIGKILLed (a real SIGKILL of its process, confirmed by its exit) and a
 * replacement started once its streams resumed, while the next kills go on, keeping at least three
 * nodes online. Which streams a kill interrupted is read afterwards from the upstream's record (the
 * node's requests cut after the kill); a kill that cut none is not counted. Each interrupted stream
 * must finish token-exact (its text equals the deterministic answer); the resume gap is the
 * client-side time between the last token before the kill and the first token after it. A stream
 * is killed at most 3 times (the gateway tries 5 nodes per task).
 *
 * Part 2 — cancels: streamed requests of which about half are cancelled by the client (HTTP abort),
 * half of those at a point where the node holds its next token (nothing in flight: delivered is
 * exactly what the client received) and half at a random moment while tokens flow. Billing is
 * checked per task against what was delivered.
 *
 * The database is PGlite in this process unless DATABASE_URL names a Postgres server.
 *
 *   npx tsx apps/api/bench/reliability.ts [kills=200] [cancelRequests=2000] [killSeconds=360]
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { readSseData } from '../test/support/readSseData.js';

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

/**
 * What the counting model answers: the numbers after the last integer in `text` (0 if none),
 * one token each, e.g. `' 4'`, `' 5'`. Deterministic, and a function of the text alone, so a
 * continuation from "prompt + delivered text" is exactly the rest of the uninterrupted answer.
 *
 * @param text - the prompt (or chat contents) so far.
 * @param count - tokens to produce.
 * @returns the tokens.
 * @example
 * countingTokens('Count up from 0: 1 2', 2) // [' 3', ' 4']
 */
export function countingTokens(text: string, count: number): string[] {
  const from = lastInteger(text);
  return Array.from({ length: count }, (_, i) => ` ${from + i + 1}`);
}

function lastInteger(text: string): number {
  const all = text.match(/\d+/g);
  return all ? Number(all.at(-1)) : 0;
}

/**
 * An OpenAI-compatible server (`/v1/models`, streamed `/v1/completions` and
 * `/v1/chat/completions`) running the counting model with `tokenDelayMs` between tokens.
 *
 * @param options.tokenDelayMs - time per token, so that a kill or a cancel lands mid-stream.
 * @param options.model - the model id it serves.
 * @returns the server, with a record of every stream it served.
 */
export async function startCountingUpstream(options: {
  tokenDelayMs: number;
  model?: string;
}): Promise<CountingUpstream> {
  const model = options.model ?? 'far-demo';
  const streams: UpstreamStream[] = [];
  const upstream: CountingUpstream = {
    url: () => '',
    streams,
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
    req.on('end', () => {
      const request = JSON.parse(body || '{}') as {
        prompt?: string;
        messages?: { content: string }[];
        max_tokens?: number;
      };
      const text = chat ? (request.messages ?? []).map((m) => m.content).join('\n') : (request.prompt ?? '');
      const maxTokens = request.max_tokens ?? 16;
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
      streams.push(stream);
      upstream.live.add(stream);
      const stallAt = upstream.stallAfter?.(stream);
      const tokens = countingTokens(text, maxTokens);
      const frame = (choice: object, usage?: object) =>
        `data: ${JSON.stringify({
          id: 'cmpl-count',
          object: chat ? 'chat.completion.chunk' : 'text_completion',
          created: 0,
          model,
          choices: usage ? [] : [{ index: 0, ...choice }],
          ...(usage ? { usage } : {}),
        })}\n\n`;
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
          res.write(
            frame(chat ? { delta: {}, finish_reason: 'length' } : { text: '', finish_reason: 'length' }),
          );
          res.write(
            frame(
              {},
              {
                prompt_tokens: text.split(/\s+/).length,
                completion_tokens: maxTokens,
                total_tokens: maxTokens,
              },
            ),
          );
          res.end('data: [DONE]\n\n');
          return;
        }
        stream.emitted += 1;
        res.write(
          frame(
            chat ? { delta: { content: token }, finish_reason: null } : { text: token, finish_reason: null },
          ),
        );
        timer = setTimeout(next, upstream.tokenDelayMs);
      };
      timer = setTimeout(next, upstream.tokenDelayMs);
    });
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

/** Parses an OpenAI SSE response body into content tokens with client-side arrival times. */
async function readTokens(
  response: Response,
  onToken: (text: string, at: number) => void,
): Promise<{ usage: { completion_tokens: number } | undefined; taskId: string | undefined }> {
  if (!response.body) throw new Error('no body');
  let usage: { completion_tokens: number } | undefined;
  let taskId: string | undefined;
  for await (const data of readSseData(response.body as AsyncIterable<Uint8Array>)) {
    if (!data.startsWith('{')) continue;
    const chunk = JSON.parse(data) as {
      id?: string;
      choices?: { text?: string; delta?: { content?: string } }[];
      usage?: { completion_tokens: number };
      error?: { message: string };
    };
    if (chunk.error) throw new Error(chunk.error.message);
    if (chunk.id) taskId ??= chunk.id.replace(/^(chatcmpl|cmpl)-/, '');
    if (chunk.usage) usage = chunk.usage;
    const text = chunk.choices?.[0]?.text ?? chunk.choices?.[0]?.delta?.content;
    if (text) onToken(text, performance.now());
  }
  return { usage, taskId };
}

/** Where a stream's answer departs from the expected one, for the report. */
function describeMismatch(
  stream: { text: string; times: number[]; usage?: number | undefined },
  expected: string,
): string {
  let at = 0;
  while (at < stream.text.length && stream.text[at] === expected[at]) at++;
  const around = (text: string) => JSON.stringify(text.slice(Math.max(0, at - 12), at + 24));
  return (
    `${stream.times.length} tokens, usage ${stream.usage ?? 'none'}` +
    (at < Math.max(stream.text.length, expected.length)
      ? `, text departs at ${at}: ${around(stream.text)} vs expected ${around(expected)}`
      : ', text exact')
  );
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

async function main() {
  const KILLS = Number(process.argv[2] ?? 200);
  const CANCEL_REQUESTS = Number(process.argv[3] ?? 2000);
  const { parseEther } = await import('viem');
  const { eq, inArray } = await import('drizzle-orm');
  const { inferenceTasks } = await import('@far/db');
  const { startTestNetwork } = await import('../test/support/startTestNetwork.js');
  const { tokensCostWei } = await import('../src/services/inference/priceTokens.js');
  const { getModelSpec } = await import('../src/models/modelCatalogue.js');
  const { getFarUsdPrice } = await import('../src/price/getFarUsdPrice.js');
  const { getBalances } = await import('../src/ledger/getBalances.js');

  const { startFarNodeLauncher } = await import('./startFarNodeLauncher.js');
  const { mkdtempSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { loadavg } = await import('node:os');
  const { toHex } = await import('viem');

  // Far-nodes are forked by a small launcher process, not by this one (see startFarNodeLauncher).
  // Its first far-node builds the far-node bundle that later starts reuse.
  const launcher = await startFarNodeLauncher();
  await launcher.start('build', ['--help']).exited;
  const upstream = await startCountingUpstream({ tokenDelayMs: 25 });
  const net = await startTestNetwork();
  try {
    const [user, owner] = net.bed.users as [`0x${string}`, `0x${string}`];
    const { apiKey, userId } = await net.apiKeyFor(user);
    await net.fund(user, apiKey, parseEther('1000000'));
    const price = await getFarUsdPrice(net.bed.publicClient, net.bed.deployments);
    const perMillion = getModelSpec('far-demo')?.priceUsdPer1M ?? '';

    const ownerKey = toHex(net.bed.signerOf(owner).getHdKey().privateKey as Uint8Array);
    type Slot = { label: string; pid: number | undefined };
    let generation = 0;
    const slots: Slot[] = [];
    /** Far-nodes that ended other than by this benchmark's SIGKILL, and their output. */
    const unexpectedExits: string[] = [];
    let killedBySigkill = 0;
    const joinTimes: number[] = [];
    const killed = new Set<string>();
    const launch = (slot: Slot) => {
      generation += 1;
      const label = `n${generation}`;
      slot.label = label;
      slot.pid = undefined;
      const launchedAt = performance.now();
      const node = launcher.start(label, [
        '--coordinator',
        net.api.url,
        '--wallet-key',
        ownerKey,
        '--engine',
        'openai',
        '--upstream',
        upstream.url(label),
        '--model',
        'far-demo',
        '--state-dir',
        mkdtempSync(join(net.dir, 'node-')),
        '--max-concurrency',
        '64',
        '--node-id',
        `rel-${label}`,
        '--quiet',
      ]);
      void node.pid.then((pid) => {
        if (slot.label === label) slot.pid = pid;
      });
      // How long a start takes, from the launch to the coordinator listing the node online.
      void (async () => {
        while (performance.now() - launchedAt < 60_000) {
          if (net.api.gateway.registry.get(`rel-${label}`)?.status === 'online') {
            joinTimes.push(performance.now() - launchedAt);
            return;
          }
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      void node.exited.then(({ exit, signal, output }) => {
        if (signal === 'SIGKILL' && killed.has(label)) killedBySigkill++;
        else unexpectedExits.push(`${label}: exit ${exit} ${signal ?? ''}\n${output.slice(-1000)}`);
      });
    };
    // More nodes than the minimum kept online: several replacements start while kills go on.
    const NODES = 16;
    for (let i = 0; i < NODES; i++) {
      const slot: Slot = { label: '', pid: undefined };
      slots.push(slot);
      launch(slot);
    }
    await net.waitForNodes('far-demo', NODES, 120_000);
    const online = () =>
      [...net.api.gateway.registry.nodesServing('far-demo')].filter((n) => n.status === 'online').length;

    // The API allows 600 requests a minute per key and 1,200 per address: two keys, and the cancel
    // part is paced below the address limit.
    const keys = [apiKey, (await net.apiKeyFor(user)).apiKey];
    const request = (id: number, maxTokens: number, signal?: AbortSignal) =>
      fetch(`${net.api.url}/v1/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${keys[id % keys.length]}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'far-demo',
          prompt: `Request r${id}. Count up from 0:`,
          max_tokens: maxTokens,
          temperature: 0,
          stream: true,
        }),
        ...(signal ? { signal } : {}),
      });

    // ── Part 1: kills ────────────────────────────────────────────────────────────────────────
    const KILL_TOKENS = 40;
    type KillStream = {
      text: string;
      times: number[];
      /** When each kill that interrupted it happened (found after the run, from the upstream's record). */
      killedAt: number[];
      done: boolean;
      error?: string;
      usage?: number;
    };
    const killStreams = new Map<number, KillStream>();
    let nextId = 1;
    /** Every SIGKILL sent: which node, when. */
    const kills: { label: string; at: number }[] = [];
    /** Kills per stream as seen when choosing victims (the final count comes from the upstream). */
    const killsSeen = new Map<number, number>();
    let stopStreams = false;
    const runStream = async (): Promise<void> => {
      const id = nextId++;
      const s: KillStream = { text: '', times: [], killedAt: [], done: false };
      killStreams.set(id, s);
      try {
        const response = await request(id, KILL_TOKENS);
        if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
        const { usage } = await readTokens(response, (text, at) => {
          s.text += text;
          s.times.push(at);
        });
        if (usage) s.usage = usage.completion_tokens;
      } catch (error) {
        s.error = error instanceof Error ? error.message : String(error);
      }
      s.done = true;
      // A stream refused outright: count it, and don't hammer an API that refuses everything.
      if (s.error && s.times.length === 0) {
        refusedInARow += 1;
        firstRefusal ??= s.error;
        await new Promise((r) => setTimeout(r, 100));
      } else refusedInARow = 0;
    };
    let refusedInARow = 0;
    let firstRefusal: string | undefined;
    const CONCURRENT = 8;
    // The gateway tries up to 5 nodes per task (maxAttempts): a stream is killed at most 3 times,
    // so that one more attempt lost unseen (a node killed while the task was on its way to it)
    // still leaves one, and a failure is a bug, not the policy.
    const MAX_KILLS_PER_STREAM = 3;
    const MIN_ONLINE = 3;
    const KILL_BUDGET_MS = Number(process.argv[4] ?? 360) * 1000;
    const killStarted = performance.now();
    const workers = Array.from({ length: CONCURRENT }, async () => {
      while (!stopStreams) await runStream();
    });
    const restarts: Promise<void>[] = [];
    /** Time the kill loop spent waiting, by what it waited for: what limits the kill rate. */
    const waited = new Map<string, number>();
    while (kills.length < KILLS && performance.now() - killStarted < KILL_BUDGET_MS) {
      if (refusedInARow >= 50) {
        stopStreams = true;
        await Promise.all(workers);
        throw new Error(`the API refused 50 streams in a row; the first: ${firstRefusal}`);
      }
      // A victim: a running node serving at least one stream mid-way, whose streams have all been
      // killed fewer than MAX_KILLS_PER_STREAM times.
      const bySlot = new Map<Slot, UpstreamStream[]>();
      for (const s of upstream.live) {
        const slot = slots.find((x) => x.pid !== undefined && x.label === s.label);
        // Streams of a node just killed may not have seen their connection drop yet: not live.
        if (!slot || s.finished || s.aborted) continue;
        bySlot.set(slot, [...(bySlot.get(slot) ?? []), s]);
      }
      const victim = [...bySlot.entries()].find(
        ([slot, list]) =>
          // Every task the coordinator has on the node is among its live upstream requests: none is
          // on its way to the node unseen (this process's view lags when its CPU is short).
          net.api.gateway.registry.get(`rel-${slot.label}`)?.activeTasks === list.length &&
          list.some((s) => s.emitted >= 3 && s.emitted < s.maxTokens - 3) &&
          list.every((s) => (killsSeen.get(s.requestId ?? -1) ?? 0) < MAX_KILLS_PER_STREAM),
      );
      // One kill at a time as the coordinator sees it: until it has dropped the last killed node,
      // it may still hand a task to that node, spending one of the task's attempts unseen.
      const lastKill = kills.at(-1);
      const noticed = !lastKill || !net.api.gateway.registry.get(`rel-${lastKill.label}`);
      const waitFor = !noticed
        ? 'coordinator to drop the last node killed'
        : online() < MIN_ONLINE
          ? `${MIN_ONLINE} nodes online`
          : !victim
            ? 'a node with streams mid-way'
            : undefined;
      if (waitFor || !victim) {
        const since = performance.now();
        await new Promise((r) => setTimeout(r, 10));
        const what = waitFor ?? 'a node with streams mid-way';
        waited.set(what, (waited.get(what) ?? 0) + performance.now() - since);
        continue;
      }
      const [slot, list] = victim;
      const at = performance.now();
      killed.add(slot.label);
      process.kill(slot.pid as number, 'SIGKILL');
      kills.push({ label: slot.label, at });
      slot.pid = undefined;
      for (const s of list) killsSeen.set(s.requestId ?? -1, (killsSeen.get(s.requestId ?? -1) ?? 0) + 1);
      restarts.push(
        (async () => {
          // Start the replacement once the interrupted streams have resumed, so its start-up
          // (CPU) is not part of the resume gap being measured. The next kill does not wait.
          const hit = list.map((s) => killStreams.get(s.requestId ?? -1));
          const resumed = () => hit.every((k) => !k || k.done || k.times.some((t) => t > at));
          for (let i = 0; i < 200 && !resumed(); i++) await new Promise((r) => setTimeout(r, 25));
          launch(slot);
        })(),
      );
      if (kills.length % 20 === 0)
        console.log(
          `  ${kills.length} kills, ${killStreams.size} streams in ${((performance.now() - killStarted) / 1000).toFixed(0)} s (load average ${loadavg()[0]?.toFixed(1)})`,
        );
    }
    stopStreams = true;
    await Promise.all(workers);
    await Promise.all(restarts);
    for (let i = 0; i < 500 && killedBySigkill < kills.length; i++)
      await new Promise((r) => setTimeout(r, 10));

    // Which streams each kill interrupted, from the upstream's record: the node's requests that
    // were cut (not finished) at or after the kill. A kill that cut none is not counted.
    let countedKills = 0;
    for (const kill of kills) {
      const cut = upstream.streams.filter(
        (s) => s.label === kill.label && s.aborted && (s.abortedAt ?? 0) >= kill.at,
      );
      if (cut.length > 0) countedKills++;
      for (const s of cut) killStreams.get(s.requestId ?? -1)?.killedAt.push(kill.at);
    }

    let interrupted = 0;
    let exact = 0;
    const gaps: number[] = [];
    /** The part of each gap after the kill: the failover itself, without a stall before it. */
    const afterKill: number[] = [];
    const failures: string[] = [];
    const byKillCount = new Map<number, number>();
    let otherErrors = 0;
    for (const [id, s] of killStreams) {
      const expected = countingTokens('Count up from 0:', KILL_TOKENS).join('');
      const ok = !s.error && s.text === expected && s.usage === KILL_TOKENS && s.times.length === KILL_TOKENS;
      if (s.killedAt.length === 0) {
        if (!ok) {
          otherErrors++;
          if (failures.length < 8)
            failures.push(`r${id} (not killed): ${s.error ?? describeMismatch(s, expected)}`);
        }
        continue;
      }
      interrupted++;
      byKillCount.set(s.killedAt.length, (byKillCount.get(s.killedAt.length) ?? 0) + 1);
      if (ok) exact++;
      else if (failures.length < 8)
        failures.push(`r${id} (killed ${s.killedAt.length}×): ${s.error ?? describeMismatch(s, expected)}`);
      for (const killedAt of s.killedAt) {
        const before = s.times.filter((t) => t <= killedAt).at(-1);
        const after = s.times.find((t) => t > killedAt);
        if (before !== undefined && after !== undefined) {
          gaps.push(after - before);
          afterKill.push(after - killedAt);
        }
      }
    }
    const killSeconds = (performance.now() - killStarted) / 1000;
    console.log(
      `\nKills: ${countedKills} far-node processes SIGKILLed mid-stream in ${killSeconds.toFixed(0)} s` +
        ` (${(countedKills / killSeconds).toFixed(2)}/s; ${kills.length - countedKills} other kills cut no stream)`,
    );
    console.log('streams interrupted  token-exact  share     gap p50   gap p99   gap max  (ms)');
    console.log(
      `${String(interrupted).padStart(20)} ${String(exact).padStart(12)} ${((exact / Math.max(1, interrupted)) * 100).toFixed(2).padStart(6)}%` +
        ` ${percentile(gaps, 50).toFixed(0).padStart(9)} ${percentile(gaps, 99).toFixed(0).padStart(9)} ${Math.max(
          ...gaps,
        )
          .toFixed(0)
          .padStart(9)}`,
    );
    console.log(
      `of the gap, kill to next token: p50 ${percentile(afterKill, 50).toFixed(0)} ms, p99 ${percentile(afterKill, 99).toFixed(0)} ms`,
    );
    console.log(
      `interrupted streams by kills survived: ${[...byKillCount.entries()]
        .sort(([a], [b]) => a - b)
        .map(([n, count]) => `${n}×: ${count}`)
        .join(
          ', ',
        )}; uninterrupted streams: ${killStreams.size - interrupted}, of which not exact: ${otherErrors}`,
    );
    console.log(
      `far-node exits by SIGKILL: ${killedBySigkill} of ${kills.length} kills; other exits: ${unexpectedExits.length}; ` +
        `${generation} far-node starts, launch to online p50 ${percentile(joinTimes, 50).toFixed(0)} ms, p99 ${percentile(joinTimes, 99).toFixed(0)} ms`,
    );
    console.log(
      `the kill loop waited for: ${[...waited.entries()].map(([what, ms]) => `${what} ${(ms / 1000).toFixed(0)} s`).join(', ')}`,
    );
    for (const e of unexpectedExits.slice(0, 3)) console.log(`  exit: ${e}`);
    for (const f of failures) console.log(`  not exact: ${f}`);

    // ── Part 2: cancels ──────────────────────────────────────────────────────────────────────
    type CancelCase = {
      id: number;
      mode: 'complete' | 'held' | 'random';
      maxTokens: number;
      cancelAt: number;
      received: number;
      taskId: string | undefined;
      error?: string;
    };
    const cases: CancelCase[] = [];
    upstream.tokenDelayMs = 10;
    const heldAt = new Map<number, number>();
    upstream.stallAfter = (s) => (s.requestId !== undefined ? heldAt.get(s.requestId) : undefined);
    const cancelStarted = performance.now();
    let next = 0;
    const CANCEL_RATE = 15; // requests per second
    const runCase = async (): Promise<void> => {
      const index = next++;
      const due = cancelStarted + (index * 1000) / CANCEL_RATE;
      if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
      const id = 1_000_000 + index;
      const roll = Math.random();
      const maxTokens = 3 + Math.floor(Math.random() * 10);
      const mode: CancelCase['mode'] = roll < 0.5 ? 'complete' : roll < 0.75 ? 'held' : 'random';
      const cancelAt = 1 + Math.floor(Math.random() * (maxTokens - 1));
      const c: CancelCase = { id, mode, maxTokens, cancelAt, received: 0, taskId: undefined };
      cases.push(c);
      if (mode === 'held') heldAt.set(id, cancelAt);
      const controller = new AbortController();
      // A random cancel lands at a random time between two tokens of the 10 ms cadence.
      const cancelDelay = Math.random() * 10;
      try {
        const response = await request(id, maxTokens, controller.signal);
        if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
        await readTokens(response, () => {
          c.received += 1;
          if (mode === 'held' && c.received === cancelAt) controller.abort();
          if (mode === 'random' && c.received === cancelAt) setTimeout(() => controller.abort(), cancelDelay);
        }).then((r) => {
          c.taskId = r.taskId;
        });
      } catch (error) {
        if (!controller.signal.aborted) c.error = error instanceof Error ? error.message : String(error);
      }
    };
    const CANCEL_CONCURRENT = 32;
    await Promise.all(
      Array.from({ length: CANCEL_CONCURRENT }, async () => {
        while (next < CANCEL_REQUESTS) await runCase();
      }),
    );
    // Give the last cancelled tasks time to be settled.
    for (let i = 0; i < 100; i++) {
      const open = await net.api.db
        .select({ id: inferenceTasks.id })
        .from(inferenceTasks)
        .where(inArray(inferenceTasks.status, ['running', 'pending']));
      if (open.length === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const settled = await net.api.db
      .select({
        prompt: inferenceTasks.prompt,
        status: inferenceTasks.status,
        promptTokens: inferenceTasks.promptTokens,
        completionTokens: inferenceTasks.completionTokens,
        costFarWei: inferenceTasks.costFarWei,
      })
      .from(inferenceTasks)
      .where(eq(inferenceTasks.modelName, 'far-demo'));
    // The stream id is lost with an aborted body: tasks are matched to requests by their prompt.
    const byRequest = new Map(settled.map((r) => [Number(/Request r(\d+)/.exec(r.prompt ?? '')?.[1]), r]));
    const nodeEmitted = new Map<number, number>();
    for (const s of upstream.streams)
      if (s.requestId !== undefined)
        nodeEmitted.set(s.requestId, (nodeEmitted.get(s.requestId) ?? 0) + s.emitted);

    let mismatches = 0;
    let refused = 0;
    let overshoot = 0;
    const examples: string[] = [];
    const counts = { complete: 0, held: 0, random: 0 };
    for (const c of cases) {
      counts[c.mode]++;
      const row = byRequest.get(c.id);
      const billed = row?.completionTokens ?? -1;
      const costOk =
        row !== undefined &&
        row.costFarWei ===
          (billed === 0 ? 0n : tokensCostWei((row.promptTokens ?? 0) + billed, perMillion, price));
      let ok: boolean;
      if (!row && c.received === 0 && c.error) {
        // Refused before a task existed (e.g. rate limited): nothing delivered, nothing billed.
        refused++;
        continue;
      }
      if (c.error || !row) ok = false;
      else if (c.mode === 'complete')
        ok = row.status === 'completed' && billed === c.received && c.received === c.maxTokens;
      else if (c.mode === 'held')
        ok = row.status === 'cancelled' && billed === c.received && c.received === c.cancelAt;
      else {
        // Tokens written before the abort was seen count as delivered: billed lies between what
        // the client read and what the node produced.
        ok = billed >= c.received && billed <= (nodeEmitted.get(c.id) ?? 0);
        if (billed > c.received) overshoot++;
      }
      if (!ok || !costOk) {
        mismatches++;
        if (examples.length < 5)
          examples.push(
            `r${c.id} ${c.mode}: received ${c.received}, billed ${billed}, status ${row?.status}, cost ok ${costOk}${c.error ? `, error ${c.error}` : ''}`,
          );
      }
    }
    // Straight from the ledger: the API's rate limiter would refuse a 2,001st request in a row.
    const me = { balances: { reserved: String((await getBalances(net.api.db, userId)).reserved) } };
    const cancelSeconds = (performance.now() - cancelStarted) / 1000;
    console.log(`\nCancels: ${cases.length} streamed requests in ${cancelSeconds.toFixed(0)} s`);
    console.log(
      'completed  held-cancel  random-cancel  refused  mismatches  random overshoot  reserved left (wei)',
    );
    console.log(
      `${String(counts.complete).padStart(9)} ${String(counts.held).padStart(12)} ${String(counts.random).padStart(14)} ${String(refused).padStart(8)} ${String(mismatches).padStart(11)} ${String(overshoot).padStart(17)}  ${me.balances.reserved}`,
    );
    for (const e of examples) console.log(`  mismatch: ${e}`);

    console.log(
      `RESULT failover_kills=${countedKills} failover_streams=${interrupted} failover_token_exact_pct=${((exact / Math.max(1, interrupted)) * 100).toFixed(2)} failover_resume_gap_p99_ms=${percentile(gaps, 99).toFixed(0)}`,
    );
    console.log(
      `RESULT cancel_requests=${cases.length - refused} cancel_billing_mismatches=${mismatches + (me.balances.reserved === '0' ? 0 : 1)}`,
    );
  } finally {
    await launcher.close();
    await net.close();
    await upstream.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
  process.exit(0);
}
