import { gpuNodes, inferenceLogs, inferenceTasks, ledgerAccounts } from '@far/db';
import { and, eq } from 'drizzle-orm';
import OpenAI from 'openai';
import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokensCostWei } from '../src/services/inference/priceTokens.js';
import { FAR_DEMO_USD_PER_1M } from './support/farDemoModel.js';
import { ensureDemoModel, startTestNetwork } from './support/startTestNetwork.js';

/**
 * Far Inference end to end: a real far-node process running llama.cpp on the self-built demo
 * model, the real API with its ledger and indexer, a real (in-process) EVM, and the official
 * `openai` npm client.
 */
let net: Awaited<ReturnType<typeof startTestNetwork>>;
let client: OpenAI;
let apiKey: string;
let nodeOwner: `0x${string}`;

beforeAll(async () => {
  await ensureDemoModel();
  net = await startTestNetwork();
  const [user, owner] = net.bed.users as [`0x${string}`, `0x${string}`];
  nodeOwner = owner;
  net.startNode(owner);
  ({ apiKey } = await net.apiKeyFor(user));
  await net.fund(user, apiKey, parseEther('1000'));
  await net.waitForNodes('far-demo');
  client = new OpenAI({ baseURL: `${net.api.url}/v1`, apiKey, maxRetries: 0 });
}, 240_000);

afterAll(() => net?.close());

const ask = [{ role: 'user' as const, content: 'Tell me about the river and the town.' }];

describe('Far Inference through the official openai client', () => {
  it('streams a chat completion from the far-node, with a usage chunk that carries the FAR cost', async () => {
    const stream = await client.chat.completions.create({
      model: 'far-demo',
      messages: ask,
      max_tokens: 24,
      temperature: 0,
      stream: true,
    });
    let text = '';
    let contentChunks = 0;
    let usage: OpenAI.CompletionUsage | undefined;
    let far:
      | { task_id: string; node_id: string; cost_far_wei: string; split_wei: Record<string, string> }
      | undefined;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta?.content;
      if (delta) {
        text += delta;
        contentChunks++;
      }
      if (chunk.usage) usage = chunk.usage;
      const extra = (chunk as unknown as { far?: typeof far }).far;
      if (extra) far = extra;
    }
    expect(text.trim().length).toBeGreaterThan(0);
    expect(/[a-z]/i.test(text)).toBe(true);
    expect(usage?.completion_tokens).toBe(contentChunks);
    expect(contentChunks).toBeLessThanOrEqual(24);
    expect(far?.node_id).toBeTruthy();

    // Billing: exactly the tokens delivered at the list price, split 60/20/20 (± performance).
    const [task] = await net.api.db
      .select()
      .from(inferenceTasks)
      .where(eq(inferenceTasks.taskId, far?.task_id ?? ''));
    const price = await getFarPrice();
    const expected = tokensCostWei((usage?.prompt_tokens ?? 0) + contentChunks, FAR_DEMO_USD_PER_1M, price);
    expect(task?.status).toBe('completed');
    expect(task?.costFarWei).toBe(expected);
    expect(BigInt(far?.cost_far_wei ?? -1)).toBe(expected);
    const split = (task?.nodeShareWei ?? 0n) + (task?.stakersShareWei ?? 0n) + (task?.treasuryShareWei ?? 0n);
    expect(split).toBe(expected);
    expect(task?.stakersShareWei).toBe((expected * 20n) / 100n);

    // The node's earnings account and the stakers' pool rose by exactly that split.
    const [node] = await net.api.db
      .select()
      .from(gpuNodes)
      .where(eq(gpuNodes.nodeId, far?.node_id ?? ''));
    const [earnings] = await net.api.db
      .select()
      .from(ledgerAccounts)
      .where(and(eq(ledgerAccounts.kind, 'node_earnings'), eq(ledgerAccounts.nodeId, node?.id ?? '')));
    expect(earnings?.balanceWei).toBe(task?.nodeShareWei);
    expect(node?.ownerAddress).toBe(nodeOwner.toLowerCase());
    const [log] = await net.api.db
      .select()
      .from(inferenceLogs)
      .where(eq(inferenceLogs.taskId, task?.id ?? ''));
    expect((log?.doc.metadata as { completionTokens: number } | undefined)?.completionTokens).toBe(
      contentChunks,
    );
  });

  it('answers a non-streamed completion with the same greedy text as the streamed one', async () => {
    const request = { model: 'far-demo', messages: ask, max_tokens: 16, temperature: 0 };
    const first = await client.chat.completions.create(request);
    const second = await client.chat.completions.create({ ...request, stream: true });
    let streamed = '';
    for await (const chunk of second) streamed += chunk.choices[0]?.delta?.content ?? '';
    expect(first.choices[0]?.message.content).toBe(streamed);
    expect(first.usage?.completion_tokens).toBeGreaterThan(0);
    expect((first as unknown as { far: { cost_far_wei: string } }).far.cost_far_wei).toMatch(/^[1-9]\d*$/);
  });

  it('serves the text completions endpoint', async () => {
    const completion = await client.completions.create({
      model: 'far-demo',
      prompt: 'The river',
      max_tokens: 8,
      temperature: 0,
    });
    expect(completion.choices[0]?.text.length).toBeGreaterThan(0);
  });

  it('answers 503 when no node serves the model', async () => {
    await expect(
      client.chat.completions.create({ model: 'llama-70b', messages: ask, max_tokens: 8 }),
    ).rejects.toMatchObject({ status: 503 });
    // Nothing stays reserved for the failed request.
    const me = (await (
      await fetch(`${net.api.url}/api/me`, { headers: { authorization: `Bearer ${apiKey}` } })
    ).json()) as {
      balances: { reserved: string };
    };
    expect(me.balances.reserved).toBe('0');
  });

  it('answers 402 when the balance cannot cover the reservation', async () => {
    const poor = await net.apiKeyFor(net.bed.users[2] as `0x${string}`);
    const poorClient = new OpenAI({ baseURL: `${net.api.url}/v1`, apiKey: poor.apiKey, maxRetries: 0 });
    await expect(
      poorClient.chat.completions.create({ model: 'far-demo', messages: ask, max_tokens: 8 }),
    ).rejects.toMatchObject({
      status: 402,
    });
  });

  it('answers an unknown model with 404 in the OpenAI error shape, naming close catalogued models', async () => {
    await expect(client.chat.completions.create({ model: 'gpt-9', messages: ask })).rejects.toMatchObject({
      status: 404,
      code: 'model_not_found',
      error: { type: 'not_found_error' },
    });
    await expect(client.chat.completions.create({ model: 'far-dem', messages: ask })).rejects.toMatchObject({
      status: 404,
      message: expect.stringContaining('close matches: far-demo'),
    });
  });

  it('rejects malformed requests with 4xx and charges nothing', async () => {
    const response = await fetch(`${net.api.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'far-demo', messages: [{ role: 'robot', content: 1 }] }),
    });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { code: string; param: string } };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.param).toMatch(/^messages/);
  });

  it('lists models with FAR prices and the live node', async () => {
    const models = await client.models.list();
    const demo = models.data.find((m) => m.id === 'far-demo') as unknown as {
      available_nodes: number;
      pricing: { far_per_1m_input_tokens_wei: string; far_per_1m_output_tokens_wei: string };
    };
    expect(demo.available_nodes).toBe(1);
    expect(BigInt(demo.pricing.far_per_1m_input_tokens_wei)).toBeGreaterThan(0n);
    expect(BigInt(demo.pricing.far_per_1m_output_tokens_wei)).toBeGreaterThan(0n);
    expect(models.data.map((m) => m.id)).toEqual(
      expect.arrayContaining(['llama-70b', 'mixtral-8x22b', 'llama-405b']),
    );
  });

  it('answers /api/inference/generate and the network status', async () => {
    const response = await fetch(`${net.api.url}/api/inference/generate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model_id: 'far-demo', prompt: 'Say something', max_tokens: 6, temperature: 0 }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { result: string; tokens_used: number; node_id: string };
    expect(body.result.length).toBeGreaterThan(0);
    const status = (await (await fetch(`${net.api.url}/api/network/status`)).json()) as {
      total_nodes: number;
      available_nodes: number;
      models_available: string[];
    };
    expect(status.available_nodes).toBe(1);
    expect(status.models_available).toContain('far-demo');
  });

  it('lets the client stop mid-stream and bills only what was delivered', async () => {
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'far-demo', messages: ask, max_tokens: 4000, temperature: 2, seed: 7, stream: true },
      { signal: controller.signal },
    );
    let received = 0;
    const taskIds = new Set<string>();
    try {
      for await (const chunk of stream) {
        taskIds.add(chunk.id.replace(/^chatcmpl-/, ''));
        if (chunk.choices[0]?.delta?.content) received++;
        if (received === 3) controller.abort();
      }
    } catch {
      // The client's abort ends its iteration with an error; that is the point.
    }
    const [taskId] = [...taskIds];
    let task: typeof inferenceTasks.$inferSelect | undefined;
    for (let i = 0; i < 100; i++) {
      [task] = await net.api.db
        .select()
        .from(inferenceTasks)
        .where(eq(inferenceTasks.taskId, taskId ?? ''));
      if (task && task.status !== 'running' && task.status !== 'pending') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(task?.status).toBe('cancelled');
    // The server may have written a few tokens the client never read before it noticed the abort.
    expect(task?.completionTokens).toBeGreaterThanOrEqual(3);
    expect(task?.completionTokens).toBeLessThan(4000);
    const price = await getFarPrice();
    expect(task?.costFarWei).toBe(
      tokensCostWei((task?.promptTokens ?? 0) + (task?.completionTokens ?? 0), FAR_DEMO_USD_PER_1M, price),
    );
  });
});

async function getFarPrice(): Promise<bigint> {
  const { getFarUsdPrice } = await import('../src/price/getFarUsdPrice.js');
  return getFarUsdPrice(net.bed.publicClient, net.bed.deployments);
}
