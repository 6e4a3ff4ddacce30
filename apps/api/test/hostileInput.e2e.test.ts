import { inferenceTasks } from '@far/db';
import { isStorableText, NODE_PROTOCOL_LIMITS, type TaskAssignMessage } from '@far/protocol';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { parseEther } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getModelSpec } from '../src/models/modelCatalogue.js';
import { getFarUsdPrice } from '../src/price/getFarUsdPrice.js';
import { tokensCostWei } from '../src/services/inference/priceTokens.js';
import { readSseData } from './support/readSseData.js';
import { startTestNetwork } from './support/startTestNetwork.js';
import { connectTestNode, signedHello } from './support/testNodeClient.js';

/**
 * The fully assembled API (every feature router, as `npm start` runs it, called with
 * `app.request()`) against hostile text in every position a client controls: no input may be
 * answered with a 500, and nothing about the text of a paid request or of its answer may fail or
 * shrink its bill. A scripted node speaking the real protocol answers every task with the tokens
 * the current case gives it.
 */
const MODEL = 'llama-70b';
let net: Awaited<ReturnType<typeof startTestNetwork>>;
let apiKey: string;
let accessToken: string;
let price: bigint;

/** What the node answers the next task with: its tokens, then `task.done`, or `task.error` with `error`. */
type Answer = { tokens: string[]; error?: string };
const DEFAULT_ANSWER: Answer = { tokens: ['Calm', ' sea', '.'] };
let answer: Answer = DEFAULT_ANSWER;
let stopHeartbeats: (() => void) | undefined;

async function startScriptedNode() {
  const signer = net.bed.signerOf(net.bed.users[3] as `0x${string}`);
  const account = privateKeyToAccount(
    `0x${Buffer.from(signer.getHdKey().privateKey as Uint8Array).toString('hex')}` as `0x${string}`,
  );
  const node = await connectTestNode(`${net.api.url.replace('http', 'ws')}/v1/nodes/connect`);
  node.ws.on('message', (data) => {
    const assign = JSON.parse(String(data)) as TaskAssignMessage;
    if (assign.type !== 'task.assign') return;
    const { tokens, error } = answer;
    const taskId = assign.taskId;
    node.send({ type: 'task.accepted', taskId });
    const sent = tokens.slice(0, assign.maxTokens);
    for (const [seq, text] of sent.entries()) node.send({ type: 'task.token', taskId, seq, text });
    node.send(
      error === undefined
        ? {
            type: 'task.done',
            taskId,
            usage: { promptTokens: 1, completionTokens: sent.length },
            finishReason: sent.length === assign.maxTokens ? 'length' : 'stop',
          }
        : { type: 'task.error', taskId, code: 'engine_error', message: error },
    );
  });
  node.send(
    await signedHello({
      account,
      challenge: node.challenge,
      coordinatorUrl: net.api.url,
      nodeId: 'scripted-node-1',
      models: [{ id: MODEL, contextLength: 4096 }],
      vramGb: 160,
    }),
  );
  const welcome = await node.next('welcome');
  const timer = setInterval(
    () =>
      node.send({
        type: 'heartbeat',
        load: 0,
        tokensPerSecond: 0,
        tasksCompleted: 0,
        tokensGenerated: 0,
        uptimeSeconds: 1,
      }),
    welcome.heartbeatIntervalMs,
  );
  stopHeartbeats = () => {
    clearInterval(timer);
    node.close();
  };
  await net.waitForNodes(MODEL);
}

beforeAll(async () => {
  net = await startTestNetwork();
  const user = net.bed.users[0] as `0x${string}`;
  ({ apiKey, accessToken } = await net.apiKeyFor(user));
  await net.fund(user, apiKey, parseEther('1000'));
  price = await getFarUsdPrice(net.bed.publicClient, net.bed.deployments);
  await startScriptedNode();
}, 180_000);
afterAll(async () => {
  stopHeartbeats?.();
  await net?.close();
});

const request = (path: string, init: RequestInit = {}) => net.api.app.request(path, init);
const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

async function balances() {
  const me = (await (
    await request('/api/me', { headers: { authorization: `Bearer ${apiKey}` } })
  ).json()) as {
    balances: { available: string; reserved: string };
  };
  return { available: BigInt(me.balances.available), reserved: BigInt(me.balances.reserved) };
}

/** Text a client may send: everything, with NUL, unpaired surrogates and URL syntax made frequent. */
const anyText = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfff',
    '\udf0a\udf0a',
    '\ud83c\udf0a',
    '%00',
    '%',
    '%zz',
    '../..',
    "'; drop table users; --",
    '\\',
    '"}',
    '\u202e\ufeff\uffff',
    ' ',
    '',
    '0',
    '-1',
    '1e309',
    '00000000-0000-0000-0000-000000000000',
    'x'.repeat(5000),
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom('\u0000', '\ud800', '\udc00', 'a', '%', '/', '?', '#', '&', '=', '+'),
    maxLength: 12,
  }),
);

/** What a header can carry at all: printable Latin-1 (HTTP refuses NUL, CR and LF). */
const headerText = fc.string({
  unit: fc
    .integer({ min: 0x20, max: 0xff })
    .filter((c) => c !== 0x7f)
    .map((c) => String.fromCharCode(c)),
  maxLength: 60,
});

/**
 * Percent-encodes what can be. An unpaired surrogate cannot: in a URL it goes raw (the URL parser
 * writes it as U+FFFD), in a header as the bytes UTF-8 would give it, which no decoder accepts.
 */
function urlText(text: string, inHeader = false): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return inHeader ? '%ED%A0%80' : text;
  }
}

/** A valid body for each route that takes one, so hostile text in one field reaches the handler. */
const BODIES: Record<string, unknown> = {
  'POST /api/keys': { name: 'fuzz' },
  'POST /api/auth/verify': { message: 'localhost wants you to sign in', signature: `0x${'ab'.repeat(65)}` },
  'POST /api/node/register': { gpu_model: 'RTX 4090', vram: 24, bandwidth: 100 },
  'POST /api/spending-authorization': {
    cap: '1',
    expiry: '99999999999',
    nonce: '7',
    signature: `0x${'ab'.repeat(65)}`,
  },
  'POST /v1/chat/completions': {
    model: MODEL,
    messages: [{ role: 'user', content: 'Tell me about the sea', name: 'me' }],
    max_tokens: 3,
    stop: ['\n\n'],
    user: 'u',
    stream: false,
  },
  'POST /v1/completions': { model: MODEL, prompt: 'The sea', max_tokens: 3, stop: 'END' },
  'POST /api/inference/generate': { model_id: MODEL, prompt: 'The sea', max_tokens: 3 },
};
const QUERIES = ['limit', 'cap', 'expiry'];

/** Every string position of a JSON value (values and keys), as paths to replace. */
function stringPositions(
  value: unknown,
  path: (string | number)[] = [],
): { path: (string | number)[]; key: boolean }[] {
  if (typeof value === 'string') return [{ path, key: false }];
  if (value === null || typeof value !== 'object') return [{ path, key: false }];
  return Object.entries(value).flatMap(([k, v]) => [
    ...(Array.isArray(value) ? [] : [{ path: [...path, k], key: true }]),
    ...stringPositions(v, [...path, Array.isArray(value) ? Number(k) : k]),
  ]);
}

function replaceAt(value: unknown, at: { path: (string | number)[]; key: boolean }, text: string): unknown {
  const [head, ...rest] = at.path;
  if (head === undefined) return text;
  if (Array.isArray(value))
    return value.map((v, i) => (i === head ? replaceAt(v, { ...at, path: rest }, text) : v));
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]): [string, unknown] => {
    if (k !== head) return [k, v];
    if (rest.length === 0 && at.key) return [text, v];
    return [k, replaceAt(v, { ...at, path: rest }, text)];
  });
  return Object.fromEntries(entries);
}

describe('the assembled API against hostile text', () => {
  it('answers the issue’s examples with 400 in the OpenAI error shape, before any money moves', async () => {
    const before = await balances();
    const chat = await request(
      '/v1/chat/completions',
      json({
        model: MODEL,
        stream: true,
        messages: [{ role: 'user', content: 'Tell me about the sea\u0000' }],
      }),
    );
    expect(chat.status).toBe(400);
    expect(await chat.json()).toMatchObject({
      error: { code: 'invalid_text', type: 'invalid_request_error', param: 'messages.0.content' },
    });
    const surrogate = await request(
      '/v1/chat/completions',
      json({ model: MODEL, messages: [{ role: 'user', content: '\ud800' }] }),
    );
    expect(surrogate.status).toBe(400);
    const key = await request(
      '/api/keys',
      json({ name: 'a\u0000b' }, { authorization: `Bearer ${accessToken}` }),
    );
    expect(key.status).toBe(400);
    expect(await key.json()).toMatchObject({ error: { code: 'invalid_text', param: 'name' } });
    expect(await balances()).toEqual(before);
  });

  it('streams an answer holding NUL and unpaired surrogates and bills all 12 delivered tokens', async () => {
    const tokens = [
      'The',
      ' sea\u0000',
      ' is',
      ' \ud800wide',
      ' and',
      '\udc00 deep',
      '.',
      ' Waves\u0000',
      ' roll',
      ' 🌊',
      ' \ud83cin',
      ' \udf0aend',
    ];
    answer = { tokens };
    const before = await balances();
    const response = await request(
      '/v1/chat/completions',
      json({
        model: MODEL,
        stream: true,
        max_tokens: 32,
        messages: [{ role: 'user', content: 'Tell me about the sea' }],
      }),
    );
    const payloads: string[] = [];
    for await (const data of readSseData([await response.text()])) payloads.push(data);
    const events = payloads
      .filter((data) => data.startsWith('{'))
      .map(
        (data) =>
          JSON.parse(data) as {
            choices?: { delta?: { content?: string } }[];
            usage?: { completion_tokens: number };
            far?: { task_id: string };
          },
      );
    const text = events.map((e) => e.choices?.[0]?.delta?.content ?? '').join('');
    const last = events.at(-1);
    expect(text).toBe(tokens.join(''));
    expect(last?.usage?.completion_tokens).toBe(12);
    const [task] = await net.api.db
      .select()
      .from(inferenceTasks)
      .where(eq(inferenceTasks.taskId, last?.far?.task_id ?? ''));
    const due = tokensCostWei(
      (task?.promptTokens ?? 0) + 12,
      getModelSpec(MODEL)?.priceUsdPer1M ?? '',
      price,
    );
    expect(task).toMatchObject({ status: 'completed', completionTokens: 12, costFarWei: due });
    expect(await balances()).toEqual({ available: before.available - due, reserved: 0n });
    answer = DEFAULT_ANSWER;
  });

  it('answers no route with a 5xx, whatever text is in the path, query, headers or body', async () => {
    const routes = [
      ...new Map(
        net.api.app.routes.filter((r) => r.method !== 'ALL').map((r) => [`${r.method} ${r.path}`, r]),
      ).values(),
    ];
    expect(routes.length).toBeGreaterThan(20);
    const position = fc.constantFrom(
      'path',
      'query',
      'queryName',
      'body',
      'authorization',
      'cookie',
      'header',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        position,
        anyText,
        headerText,
        fc.constantFrom('apiKey', 'jwt'),
        fc.nat(),
        async (route, where, text, header, credential, pick) => {
          answer = DEFAULT_ANSWER;
          const id = `${route.method} ${route.path}`;
          let path = route.path.replace(/:(\w+)(\{[^}]*\})?/g, () =>
            where === 'path' ? urlText(text) : 'x',
          );
          if (where === 'path' && !route.path.includes(':')) path += `/${urlText(text)}`;
          const query =
            where === 'query'
              ? `?${QUERIES.map((q) => `${q}=${urlText(text)}`).join('&')}`
              : where === 'queryName'
                ? `?${urlText(text)}=1`
                : '';
          const headers: Record<string, string> = {
            authorization: `Bearer ${credential === 'apiKey' ? apiKey : accessToken}`,
          };
          if (where === 'authorization') headers.authorization = `Bearer ${header}`;
          if (where === 'cookie') headers.cookie = `far_refresh=${urlText(text, true)}; other=${header}`;
          if (where === 'header') {
            headers['x-forwarded-for'] = header;
            headers.origin = header;
            headers['accept-language'] = header;
          }
          let body: string | undefined;
          if (route.method !== 'GET') {
            const template = BODIES[id] ?? { value: 'v' };
            const positions = stringPositions(template);
            const at = positions[pick % positions.length] as (typeof positions)[number];
            body = JSON.stringify(where === 'body' ? replaceAt(template, at, text) : template);
            headers['content-type'] = where === 'header' ? `application/json; ${header}` : 'application/json';
          }
          const response = await request(`${path}${query}`, {
            method: route.method,
            headers,
            ...(body === undefined ? {} : { body }),
          });
          const text500 = response.status >= 500 ? await response.text() : '';
          expect(
            response.status,
            `${id} (${where}: ${JSON.stringify(text)}) answered ${text500}`,
          ).toBeLessThan(500);
          await response.arrayBuffer().catch(() => undefined);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('bills every delivered token of a paid request, whatever its text or its answer’s text', async () => {
    const visible = fc.constantFrom('w', 'é', '🌊', '.', '7');
    // Each token shows a visible character, so each is billable however tokens are counted.
    const token = fc
      .tuple(fc.oneof(anyText, fc.constant('\u0000')), visible)
      .map(([t, v]) => `${t}${v}`.slice(-60));
    await fc.assert(
      fc.asyncProperty(
        anyText,
        fc.array(token, { minLength: 1, maxLength: 8 }),
        fc.option(anyText, { nil: undefined }),
        fc.boolean(),
        fc.constantFrom('chat', 'completion'),
        async (content, tokens, error, stream, kind) => {
          answer = error === undefined ? { tokens } : { tokens, error };
          const before = await balances();
          // A prompt at its length limit cannot be resumed on another node: the failing node's own
          // message then becomes the task's failure reason, text the bill must survive.
          const prompt = `Q: ${content}`;
          const full =
            error === undefined ? prompt : prompt.padEnd(NODE_PROTOCOL_LIMITS.maxContentLength, '.');
          const body =
            kind === 'chat'
              ? { model: MODEL, max_tokens: 16, stream, messages: [{ role: 'user', content: prompt }] }
              : { model: MODEL, max_tokens: 16, stream, prompt: full };
          const response = await request(
            kind === 'chat' ? '/v1/chat/completions' : '/v1/completions',
            json(body),
          );
          await response.text();
          if (!isStorableText(content)) {
            expect(response.status).toBe(400);
            expect(await balances()).toEqual(before);
            return;
          }
          // A node failure is the only 5xx allowed: 503 for a request that was not streamed.
          expect(response.status).toBe(error !== undefined && !stream ? 503 : 200);
          const taskId = response.headers.get('x-far-task-id') ?? '';
          const task = await vi.waitFor(
            async () => {
              const [row] = await net.api.db
                .select()
                .from(inferenceTasks)
                .where(eq(inferenceTasks.taskId, taskId));
              if (!row || row.status === 'pending' || row.status === 'running')
                throw new Error('not billed yet');
              return row;
            },
            { timeout: 30_000, interval: 20 },
          );
          // A request that was not streamed receives nothing from a failed task, and pays nothing.
          const delivered = error !== undefined && !stream ? 0 : tokens.length;
          const due =
            delivered === 0
              ? 0n
              : tokensCostWei(
                  (task.promptTokens ?? 0) + delivered,
                  getModelSpec(MODEL)?.priceUsdPer1M ?? '',
                  price,
                );
          expect(task).toMatchObject({
            status: error === undefined ? 'completed' : 'failed',
            completionTokens: delivered,
            costFarWei: due,
          });
          expect(await balances()).toEqual({ available: before.available - due, reserved: 0n });
        },
      ),
      { numRuns: 40, endOnFailure: true },
    );
  });
});
