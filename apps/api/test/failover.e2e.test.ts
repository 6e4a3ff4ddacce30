import { splitRevenue } from '@far/contracts';
import { gpuNodes, inferenceLogs, inferenceTasks, ledgerAccounts } from '@far/db';
import { and, eq } from 'drizzle-orm';
import OpenAI from 'openai';
import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { countingTokens } from '../bench/reliability/countingTokens.js';
import { type CountingUpstream, startCountingUpstream } from '../bench/reliability/startCountingUpstream.js';
import { getFarUsdPrice } from '../src/price/getFarUsdPrice.js';
import { tokensCostWei } from '../src/services/inference/priceTokens.js';
import { FAR_DEMO_USD_PER_1M } from './support/farDemoModel.js';
import { startTestNetwork } from './support/startTestNetwork.js';

/**
 * Mid-stream failover with real far-node processes (openai engine) in front of a deterministic
 * counting model, so that "the same request served without a failure" has one exact answer and
 * a continuation from prompt + delivered text is checkable token by token.
 */
let net: Awaited<ReturnType<typeof startTestNetwork>>;
let upstream: CountingUpstream;
let client: OpenAI;
const handles = new Map<string, ReturnType<Awaited<ReturnType<typeof startTestNetwork>>['startNode']>>();

const MAX_TOKENS = 60;
const messages = [{ role: 'user' as const, content: 'Count up from 0:' }];
const expectedText = countingTokens('Count up from 0:', MAX_TOKENS).join('');

beforeAll(async () => {
  upstream = await startCountingUpstream({ tokenDelayMs: 30 });
  net = await startTestNetwork({ audits: false });
  const [user, ownerA, ownerB, ownerC] = net.bed.users as `0x${string}`[];
  for (const [label, owner] of [
    ['fo-a', ownerA],
    ['fo-b', ownerB],
    ['fo-c', ownerC],
  ] as const) {
    handles.set(
      label,
      net.startNode(
        owner as `0x${string}`,
        ['--node-id', label, '--max-concurrency', '4'],
        ['--engine', 'openai', '--upstream', upstream.url(label), '--model', 'far-demo'],
      ),
    );
  }
  const { apiKey } = await net.apiKeyFor(user as `0x${string}`);
  await net.fund(user as `0x${string}`, apiKey, parseEther('1000'));
  await net.waitForNodes('far-demo', 3, 120_000);
  client = new OpenAI({ baseURL: `${net.api.url}/v1`, apiKey, maxRetries: 0 });
}, 240_000);

afterAll(async () => {
  await net?.close();
  await upstream?.close();
});

type Far = { task_id: string; node_id: string; cost_far_wei: string };

/** Streams the counting request; `onToken` sees each content token's index as it arrives. */
async function streamCount(onToken: (index: number) => void = () => {}) {
  const stream = await client.chat.completions.create({
    model: 'far-demo',
    messages,
    max_tokens: MAX_TOKENS,
    temperature: 0,
    stream: true,
  });
  let text = '';
  let chunks = 0;
  const times: number[] = [];
  let usage: OpenAI.CompletionUsage | undefined;
  let far: Far | undefined;
  for await (const chunk of stream) {
    const delta = chunk.choices[0]?.delta?.content;
    if (delta) {
      text += delta;
      times.push(performance.now());
      onToken(chunks++);
    }
    if (chunk.usage) usage = chunk.usage;
    const extra = (chunk as unknown as { far?: Far }).far;
    if (extra) far = extra;
  }
  return { text, chunks, times, usage, far };
}

/** The label of the node whose upstream request is streaming now. */
function servingLabel(): string {
  const live = upstream.streams.filter((s) => !s.finished && !s.aborted);
  expect(live).toHaveLength(1);
  return live[0]?.label ?? '';
}

async function dbScore(nodeId: string): Promise<number> {
  const [row] = await net.api.db.select().from(gpuNodes).where(eq(gpuNodes.nodeId, nodeId));
  return Number(row?.reliabilityScore);
}

async function earnings(nodeId: string): Promise<bigint> {
  const [node] = await net.api.db.select().from(gpuNodes).where(eq(gpuNodes.nodeId, nodeId));
  const [account] = await net.api.db
    .select()
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.kind, 'node_earnings'), eq(ledgerAccounts.nodeId, node?.id ?? '')));
  return account?.balanceWei ?? 0n;
}

/** The first value of `read()` that satisfies `done` within 10 s, else the latest (the caller's expect reports it). */
const waitFor = <T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> =>
  vi
    .waitFor(
      async () => {
        const value = await read();
        if (!done(value)) throw new Error('not yet');
        return value;
      },
      { timeout: 10_000, interval: 50 },
    )
    .catch(() => read());

/** Checks the task's bill and per-node payouts; returns the segments the log recorded. */
async function checkBilling(far: Far | undefined, delivered: number) {
  const [task] = await net.api.db
    .select()
    .from(inferenceTasks)
    .where(eq(inferenceTasks.taskId, far?.task_id ?? ''));
  const price = await getFarUsdPrice(net.bed.publicClient, net.bed.deployments);
  const expected = tokensCostWei((task?.promptTokens ?? 0) + delivered, FAR_DEMO_USD_PER_1M, price);
  expect(task?.status).toBe('completed');
  expect(task?.completionTokens).toBe(delivered);
  expect(task?.costFarWei).toBe(expected);
  expect(BigInt(far?.cost_far_wei ?? -1)).toBe(expected);
  const [log] = await net.api.db
    .select()
    .from(inferenceLogs)
    .where(eq(inferenceLogs.taskId, task?.id ?? ''));
  type LoggedSegment = { nodeId: string; tokens: number; amountWei: string };
  const segments = ((log?.doc ?? {}) as { segments?: LoggedSegment[] }).segments ?? [];
  expect(segments.reduce((sum, s) => sum + s.tokens, 0)).toBe(delivered);
  expect(segments.reduce((sum, s) => sum + BigInt(s.amountWei), 0n)).toBe(expected);
  return { segments, expected };
}

describe('mid-stream failover', () => {
  it('finishes a stream whose far-node is SIGKILLed mid-way on another node, token-exact, each node paid for its own tokens', async () => {
    // The same request without a failure: the reference answer.
    const reference = await streamCount();
    expect(reference.text).toBe(expectedText);
    expect(reference.usage?.completion_tokens).toBe(MAX_TOKENS);
    await checkBilling(reference.far, MAX_TOKENS);

    let killed = '';
    let killedAt = 0;
    let scoreBefore = 0;
    const earningsBefore = new Map<string, bigint>();
    for (const label of handles.keys()) earningsBefore.set(label, await earnings(label));
    const run = await streamCount((index) => {
      if (index !== 9) return;
      killed = servingLabel();
      scoreBefore = net.api.gateway.registry.get(killed)?.score ?? Number.NaN;
      killedAt = performance.now();
      handles.get(killed)?.child.kill('SIGKILL');
    });

    // One uninterrupted stream: nothing lost, nothing repeated, same text as without the kill.
    expect(killed).not.toBe('');
    expect(run.text).toBe(reference.text);
    expect(run.chunks).toBe(MAX_TOKENS);
    expect(run.usage?.completion_tokens).toBe(MAX_TOKENS);
    expect(run.far?.node_id).not.toBe(killed);
    const firstAfter = run.times.find((t) => t > killedAt) ?? Number.NaN;
    const lastBefore = run.times.filter((t) => t <= killedAt).at(-1) ?? Number.NaN;
    console.log(`failover: resume gap ${(firstAfter - lastBefore).toFixed(0)} ms after SIGKILL of ${killed}`);

    // The bill is exactly the tokens delivered, shared by the two nodes in proportion.
    const { segments } = await checkBilling(run.far, MAX_TOKENS);
    expect(segments.map((s) => s.nodeId)).toEqual([killed, run.far?.node_id]);
    expect(segments[0]?.tokens).toBeGreaterThanOrEqual(10);
    for (const segment of segments) {
      const label = segment.nodeId;
      const delta = (await earnings(label)) - (earningsBefore.get(label) ?? 0n);
      // The node's share of its own part, after its performance adjustment (60 % ± 10 %).
      expect(delta).toBeGreaterThan(0n);
      expect(delta).toBeLessThan(BigInt(segment.amountWei));
    }
    // The killed node's score dropped (recorded for when it comes back) ...
    const after = await waitFor(
      () => dbScore(killed),
      (s) => s < scoreBefore,
    );
    expect(after).toBeLessThan(scoreBefore);
    // ... and its payment adjustment is the dropped score's, though it has left the registry.
    const killedPart = segments[0] as { amountWei: string };
    expect((await earnings(killed)) - (earningsBefore.get(killed) ?? 0n)).toBe(
      splitRevenue(BigInt(killedPart.amountWei), Math.round(after)).node,
    );
    const survivor = segments[1] as { nodeId: string; amountWei: string };
    expect((await earnings(survivor.nodeId)) - (earningsBefore.get(survivor.nodeId) ?? 0n)).toBe(
      splitRevenue(
        BigInt(survivor.amountWei),
        Math.round(net.api.gateway.registry.get(survivor.nodeId)?.score ?? Number.NaN),
      ).node,
    );
    expect(net.api.gateway.registry.get(killed)).toBeUndefined();
  });

  it('takes the task from a node that stalls mid-stream and resumes it on another one', async () => {
    await net.waitForNodes('far-demo', 2);
    let stalled = '';
    upstream.stallAfter = (s) => {
      // The first node's stream goes silent after 10 tokens and stays open.
      if (stalled !== '' || s.from !== 0) return undefined;
      stalled = s.label;
      return 10;
    };
    const scoreBefore = new Map(
      [...net.api.gateway.registry.nodesServing('far-demo')].map((n) => [n.nodeId, n.score]),
    );
    try {
      const run = await streamCount();
      expect(run.text).toBe(expectedText);
      expect(run.usage?.completion_tokens).toBe(MAX_TOKENS);
      expect(run.far?.node_id).not.toBe(stalled);
      const gaps = run.times.slice(1).map((t, i) => t - (run.times[i] ?? t));
      console.log(`stall: longest token gap ${Math.max(...gaps).toFixed(0)} ms (deadline 5000 ms)`);
      const { segments } = await checkBilling(run.far, MAX_TOKENS);
      expect(segments.map((s) => s.nodeId)).toEqual([stalled, run.far?.node_id]);
      expect(segments[0]?.tokens).toBe(10);
      // The stalled node was told to stop (its engine closed the upstream request) and stays
      // connected, with a lower score.
      const stalledStream = upstream.streams.find(
        (s) => s.label === stalled && s.from === 0 && s.emitted === 10,
      );
      await waitFor(
        async () => stalledStream?.aborted,
        (aborted) => aborted === true,
      );
      expect(stalledStream?.aborted).toBe(true);
      const live = net.api.gateway.registry.get(stalled);
      expect(live?.status).toBe('online');
      expect(live?.score).toBeLessThan(scoreBefore.get(stalled) ?? 0);
    } finally {
      upstream.stallAfter = undefined;
    }
  });
});
