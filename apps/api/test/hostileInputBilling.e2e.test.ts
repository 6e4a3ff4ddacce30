import { inferenceTasks } from '@far/db';
import { isStorableText, NODE_PROTOCOL_LIMITS } from '@far/protocol';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tokensCostWei } from '../src/services/inference/priceTokens.js';
import { anyText } from './support/hostileText.js';
import { readSseData } from './support/readSseData.js';
import {
  type Answer,
  DEFAULT_ANSWER,
  type HostileInputNetwork,
  MODEL,
  startHostileInputNetwork,
} from './support/startHostileInputNetwork.js';

/** llama-70b's list price as the catalogue seeds it, input and output alike. */
const MODEL_USD_PER_1M = '3';

/*
 * The fully assembled API (every feature router, as `npm start` runs it, called with
 * `app.request()`) against hostile text in every position a client controls: no input may be
 * answered with a 500, and nothing about the text of a paid request or of its answer may fail or
 * shrink its bill. A scripted node speaking the real protocol answers every task with the tokens
 * the current case gives it.
 *
 * This file: hostile text in a paid request or its answer neither fails nor shrinks the bill.
 */

let bed: HostileInputNetwork;
let net: HostileInputNetwork['net'];
let price: bigint;
let answer: Answer = DEFAULT_ANSWER;

beforeAll(async () => {
  bed = await startHostileInputNetwork(() => answer);
  ({ net, price } = bed);
}, 180_000);
afterAll(async () => {
  await bed?.close();
});

const request = (path: string, init: RequestInit = {}) => bed.request(path, init);
const json = (body: unknown, headers: Record<string, string> = {}) => bed.json(body, headers);
const balances = () => bed.balances();

describe('the assembled API against hostile text', () => {
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
    const due = tokensCostWei((task?.promptTokens ?? 0) + 12, MODEL_USD_PER_1M, price);
    expect(task).toMatchObject({ status: 'completed', completionTokens: 12, costFarWei: due });
    expect(await balances()).toEqual({ available: before.available - due, reserved: 0n });
    answer = DEFAULT_ANSWER;
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
              : tokensCostWei((task.promptTokens ?? 0) + delivered, MODEL_USD_PER_1M, price);
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
