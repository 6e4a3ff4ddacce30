import { request as httpRequest } from 'node:http';
import { inferenceLogs, inferenceTasks } from '@far/db';
import { eq } from 'drizzle-orm';
import { createParser } from 'eventsource-parser';
import OpenAI from 'openai';
import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CountingUpstream,
  startCountingUpstream,
  type UpstreamStream,
} from '../bench/reliability/startCountingUpstream.js';
import { getFarUsdPrice } from '../src/price/getFarUsdPrice.js';
import { tokensCostWei } from '../src/services/inference/priceTokens.js';
import { FAR_DEMO_USD_PER_1M } from './support/farDemoModel.js';
import { startTestNetwork } from './support/startTestNetwork.js';

/**
 * Client cancellation through a real far-node (openai engine) in front of a counting model.
 *
 * "Delivered" means: the tokens the coordinator handed to the client's HTTP response before it saw
 * the client go away. The user pays for the prompt plus exactly those. When the node holds its next
 * token at the moment of the abort, nothing is in flight, so delivered = what the client read; when
 * tokens keep flowing, a token written just before the abort was noticed counts as delivered too, so
 * the bill lies between what the client read and what the node produced.
 */
let net: Awaited<ReturnType<typeof startTestNetwork>>;
let upstream: CountingUpstream;
let client: OpenAI;
let apiKey: string;

beforeAll(async () => {
  upstream = await startCountingUpstream({ tokenDelayMs: 30 });
  net = await startTestNetwork({ audits: false });
  const [user, owner] = net.bed.users as [`0x${string}`, `0x${string}`];
  net.startNode(
    owner,
    ['--node-id', 'cx-a', '--max-concurrency', '4'],
    ['--engine', 'openai', '--upstream', upstream.url('cx-a'), '--model', 'far-demo'],
  );
  ({ apiKey } = await net.apiKeyFor(user));
  await net.fund(user, apiKey, parseEther('1000'));
  await net.waitForNodes('far-demo', 1, 120_000);
  client = new OpenAI({ baseURL: `${net.api.url}/v1`, apiKey, maxRetries: 0 });
}, 240_000);

afterAll(async () => {
  await net?.close();
  await upstream?.close();
});

const MAX_TOKENS = 200;

async function balances() {
  const me = (await (
    await fetch(`${net.api.url}/api/me`, { headers: { authorization: `Bearer ${apiKey}` } })
  ).json()) as { balances: { available: string; reserved: string } };
  return { available: BigInt(me.balances.available), reserved: BigInt(me.balances.reserved) };
}

async function settledTask(taskId: string) {
  for (let i = 0; i < 200; i++) {
    const [task] = await net.api.db.select().from(inferenceTasks).where(eq(inferenceTasks.taskId, taskId));
    if (task && task.status !== 'running' && task.status !== 'pending') return task;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`task ${taskId} was not settled`);
}

/** The node's upstream request for the stream that starts next, once it exists. */
function nextUpstreamStream(): () => UpstreamStream | undefined {
  const before = upstream.streams.length;
  return () => upstream.streams[before];
}

async function waitUntil(check: () => boolean) {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  return check();
}

/**
 * Checks the bill of a cancelled task against `delivered` (exact, or bounds when tokens were in
 * flight at the cancel) and the user's ledger movement.
 */
async function expectBilled(
  taskId: string,
  delivered: number | { atLeast: number; atMost: number },
  availableBefore: bigint,
) {
  const task = await settledTask(taskId);
  expect(task.status).toBe('cancelled');
  const billed = task.completionTokens ?? -1;
  if (typeof delivered === 'number') expect(billed).toBe(delivered);
  else {
    expect(billed).toBeGreaterThanOrEqual(delivered.atLeast);
    expect(billed).toBeLessThanOrEqual(delivered.atMost);
  }
  const price = await getFarUsdPrice(net.bed.publicClient, net.bed.deployments);
  const cost = tokensCostWei((task.promptTokens ?? 0) + billed, FAR_DEMO_USD_PER_1M, price);
  expect(task.costFarWei).toBe(cost);
  const after = await balances();
  expect(after.reserved).toBe(0n);
  expect(availableBefore - after.available).toBe(cost);
  return task;
}

describe('client cancellation', () => {
  it('stops the node when the client aborts, and bills exactly the tokens the client received', async () => {
    const HELD_AT = 8;
    upstream.stallAfter = () => HELD_AT;
    const upstreamStream = nextUpstreamStream();
    const { available } = await balances();
    const controller = new AbortController();
    let received = 0;
    let taskId = '';
    let abortedAt = 0;
    try {
      const stream = await client.chat.completions.create(
        {
          model: 'far-demo',
          messages: [{ role: 'user', content: 'Count up from 0:' }],
          max_tokens: MAX_TOKENS,
          temperature: 0,
          stream: true,
        },
        { signal: controller.signal },
      );
      for await (const chunk of stream) {
        taskId = chunk.id.replace(/^chatcmpl-/, '');
        if (chunk.choices[0]?.delta?.content) received++;
        if (received === HELD_AT) {
          abortedAt = performance.now();
          controller.abort();
        }
      }
    } catch {
      // The abort ends the iteration with an error: that is the point.
    } finally {
      upstream.stallAfter = undefined;
    }
    expect(received).toBe(HELD_AT);

    // The node was told to stop: its engine closed its upstream request, and its slot is free.
    expect(await waitUntil(() => upstreamStream()?.aborted === true)).toBe(true);
    const stoppedAfterMs = (upstreamStream()?.abortedAt ?? Number.NaN) - abortedAt;
    console.log(
      `cancel: the node stopped generating ${stoppedAfterMs.toFixed(0)} ms after the client aborted`,
    );
    expect(upstreamStream()?.emitted).toBe(HELD_AT);
    expect(await waitUntil(() => net.api.gateway.stats().activeTasks === 0)).toBe(true);

    // Nothing was in flight (the node held its next token): delivered = received, exactly.
    const task = await expectBilled(taskId, HELD_AT, available);
    // The node confirmed the cancel with its own count, rather than the coordinator giving up on it.
    const [log] = await net.api.db.select().from(inferenceLogs).where(eq(inferenceLogs.taskId, task.id));
    expect(
      (log?.doc.metadata as { nodeClaimedCompletionTokens?: number | null } | undefined)
        ?.nodeClaimedCompletionTokens,
    ).toBe(HELD_AT);
  });

  it('treats a closed socket as a cancel', async () => {
    const HELD_AT = 5;
    upstream.stallAfter = () => HELD_AT;
    const upstreamStream = nextUpstreamStream();
    const { available } = await balances();
    const { received, taskId } = await new Promise<{ received: number; taskId: string }>(
      (resolve, reject) => {
        const url = new URL(`${net.api.url}/v1/completions`);
        const req = httpRequest(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        });
        req.on('response', (res) => {
          let count = 0;
          let id = '';
          const parser = createParser({
            onEvent: ({ data }) => {
              if (!data.startsWith('{')) return;
              const chunk = JSON.parse(data) as { id: string; choices: { text?: string }[] };
              id = chunk.id.replace(/^cmpl-/, '');
              if (chunk.choices[0]?.text) count++;
            },
          });
          res.setEncoding('utf8');
          res.on('data', (data: string) => {
            parser.feed(data);
            if (count === HELD_AT) {
              // Not an HTTP-level abort: the TCP connection just goes away.
              req.socket?.destroy();
              resolve({ received: count, taskId: id });
            }
          });
        });
        req.on('error', () => {});
        req.end(
          JSON.stringify({
            model: 'far-demo',
            prompt: 'Count up from 0:',
            max_tokens: MAX_TOKENS,
            temperature: 0,
            stream: true,
          }),
        );
        setTimeout(() => reject(new Error('no tokens')), 30_000).unref();
      },
    ).finally(() => {
      upstream.stallAfter = undefined;
    });
    expect(received).toBe(HELD_AT);
    expect(await waitUntil(() => upstreamStream()?.aborted === true)).toBe(true);
    expect(upstreamStream()?.emitted).toBe(HELD_AT);
    await expectBilled(taskId, HELD_AT, available);
  });

  it('bills a cancel that lands while tokens flow between what the client read and what the node produced', async () => {
    const upstreamStream = nextUpstreamStream();
    const { available } = await balances();
    const controller = new AbortController();
    let received = 0;
    let taskId = '';
    try {
      const stream = await client.chat.completions.create(
        {
          model: 'far-demo',
          messages: [{ role: 'user', content: 'Count up from 0:' }],
          max_tokens: MAX_TOKENS,
          temperature: 0,
          stream: true,
        },
        { signal: controller.signal },
      );
      for await (const chunk of stream) {
        taskId = chunk.id.replace(/^chatcmpl-/, '');
        if (chunk.choices[0]?.delta?.content) received++;
        if (received === 5) controller.abort();
      }
    } catch {
      // Expected: the abort.
    }
    expect(received).toBe(5);
    expect(await waitUntil(() => upstreamStream()?.aborted === true)).toBe(true);
    const produced = upstreamStream()?.emitted ?? 0;
    expect(produced).toBeLessThan(MAX_TOKENS);
    await expectBilled(taskId, { atLeast: received, atMost: produced }, available);
  });
});
