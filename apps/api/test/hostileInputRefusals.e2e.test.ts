import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anyText, headerText, replaceAt, stringPositions, urlText } from './support/hostileText.js';
import {
  type Answer,
  DEFAULT_ANSWER,
  type HostileInputNetwork,
  MODEL,
  startHostileInputNetwork,
} from './support/startHostileInputNetwork.js';

/*
 * The fully assembled API (every feature router, as `npm start` runs it, called with
 * `app.request()`) against hostile text in every position a client controls: no input may be
 * answered with a 500, and nothing about the text of a paid request or of its answer may fail or
 * shrink its bill. A scripted node speaking the real protocol answers every task with the tokens
 * the current case gives it.
 *
 * This file: hostile text is refused (4xx), never answered with a 5xx.
 */

let bed: HostileInputNetwork;
let net: HostileInputNetwork['net'];
let apiKey: string;
let accessToken: string;
let answer: Answer = DEFAULT_ANSWER;

beforeAll(async () => {
  bed = await startHostileInputNetwork(() => answer);
  ({ net, apiKey, accessToken } = bed);
}, 180_000);
afterAll(async () => {
  await bed?.close();
});

const request = (path: string, init: RequestInit = {}) => bed.request(path, init);
const json = (body: unknown, headers: Record<string, string> = {}) => bed.json(body, headers);
const balances = () => bed.balances();

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
          // A live feed (server-sent events) that accepted the request never ends: stop reading it.
          if (response.headers.get('content-type')?.includes('text/event-stream')) {
            await response.body?.cancel().catch(() => undefined);
          } else {
            await response.arrayBuffer().catch(() => undefined);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
