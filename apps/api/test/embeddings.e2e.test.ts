import { inferenceTasks, ledgerReservations, revenueStreams } from '@far/db';
import { EMBEDDING_LIMITS } from '@far/protocol';
import { eq } from 'drizzle-orm';
import OpenAI from 'openai';
import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countEmbeddingTokens } from '../src/services/inference/embeddings/countEmbeddingTokens.js';
import { tokensCostWei } from '../src/services/inference/priceTokens.js';
import { FAR_DEMO_USD_PER_1M } from './support/farDemoModel.js';
import { ensureDemoModel, startTestNetwork } from './support/startTestNetwork.js';

/**
 * `POST /v1/embeddings` end to end: a real far-node started with `--embeddings` computes the
 * vectors with llama.cpp on the demo model, the API bills them through the ledger, and the official
 * `openai` client reads them (base64 by default, floats on request).
 */
let net: Awaited<ReturnType<typeof startTestNetwork>>;
let client: OpenAI;
let apiKey: string;

beforeAll(async () => {
  await ensureDemoModel();
  net = await startTestNetwork();
  const [user, owner] = net.bed.users as [`0x${string}`, `0x${string}`];
  net.startNode(owner, ['--embeddings']);
  ({ apiKey } = await net.apiKeyFor(user));
  await net.fund(user, apiKey, parseEther('1000'));
  await net.waitForNodes('far-demo');
  client = new OpenAI({ baseURL: `${net.api.url}/v1`, apiKey, maxRetries: 0 });
}, 240_000);

afterAll(() => net?.close());

type Balances = { available: string; reserved: string };
async function balances(): Promise<Balances> {
  const response = await fetch(`${net.api.url}/api/me`, { headers: { authorization: `Bearer ${apiKey}` } });
  return ((await response.json()) as { balances: Balances }).balances;
}

async function farPrice(): Promise<bigint> {
  const { getFarUsdPrice } = await import('../src/price/getFarUsdPrice.js');
  return getFarUsdPrice(net.bed.publicClient, net.bed.deployments);
}

type FarCost = { task_id: string; node_id: string; cost_far_wei: string; split_wei: Record<string, string> };

const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));

describe('POST /v1/embeddings through the official openai client', () => {
  it('embeds one text, reports its tokens, and charges exactly their price in the ledger', async () => {
    const text = 'The river runs by the town.';
    const before = await balances();
    const response = await client.embeddings.create({ model: 'far-demo', input: text });
    const after = await balances();

    expect(response.data).toHaveLength(1);
    const vector = response.data[0]?.embedding as unknown as ArrayLike<number>;
    expect(vector.length).toBeGreaterThan(0);
    expect(norm(vector)).toBeCloseTo(1, 4);
    const promptTokens = countEmbeddingTokens([text]);
    expect(response.usage).toEqual({ prompt_tokens: promptTokens, total_tokens: promptTokens });

    const far = (response as unknown as { far: FarCost }).far;
    const expected = tokensCostWei(promptTokens, FAR_DEMO_USD_PER_1M, await farPrice());
    expect(BigInt(far.cost_far_wei)).toBe(expected);
    expect(BigInt(before.available) - BigInt(after.available)).toBe(expected);
    expect(after.reserved).toBe('0');

    const [task] = await net.api.db
      .select()
      .from(inferenceTasks)
      .where(eq(inferenceTasks.taskId, far.task_id));
    expect(task).toMatchObject({
      status: 'completed',
      promptTokens,
      completionTokens: 0,
      costFarWei: expected,
    });
    expect((task?.nodeShareWei ?? 0n) + (task?.stakersShareWei ?? 0n) + (task?.treasuryShareWei ?? 0n)).toBe(
      expected,
    );
    const [reservation] = await net.api.db
      .select()
      .from(ledgerReservations)
      .where(eq(ledgerReservations.id, task?.reservationId ?? ''));
    expect(reservation?.status).not.toBe('open');
    // The node owner earns its share like for a chat task.
    const revenue = await net.api.db
      .select()
      .from(revenueStreams)
      .where(eq(revenueStreams.taskId, far.task_id));
    expect(revenue.map((r) => r.amountFarWei)).toEqual([BigInt(far.split_wei.node ?? -1)]);
  });

  it('embeds three texts in input order, as floats on request, and bills their summed tokens', async () => {
    const input = ['the river', 'the town by the river', 'a boat on the water at night'];
    const response = await client.embeddings.create({ model: 'far-demo', input, encoding_format: 'float' });
    expect(response.data.map((d) => d.index)).toEqual([0, 1, 2]);
    const widths = new Set(response.data.map((d) => d.embedding.length));
    expect(widths.size).toBe(1);
    for (const d of response.data) expect(norm(d.embedding)).toBeCloseTo(1, 4);
    expect(response.usage.prompt_tokens).toBe(countEmbeddingTokens(input));
    // The same text gives the same vector, whichever request it came in.
    const again = await client.embeddings.create({
      model: 'far-demo',
      input: 'the river',
      encoding_format: 'float',
    });
    expect(again.data[0]?.embedding).toEqual(response.data[0]?.embedding);
  });

  it('shortens vectors to the dimensions asked for, back to unit length', async () => {
    const response = await client.embeddings.create({
      model: 'far-demo',
      input: 'the river',
      encoding_format: 'float',
      dimensions: 8,
    });
    expect(response.data[0]?.embedding).toHaveLength(8);
  });

  it('lists in /v1/models how many nodes compute embeddings of each model', async () => {
    const models = (await (await fetch(`${net.api.url}/v1/models`)).json()) as {
      data: { id: string; available_nodes: number; embedding_nodes: number }[];
    };
    expect(models.data.find((m) => m.id === 'far-demo')).toMatchObject({
      available_nodes: 1,
      embedding_nodes: 1,
    });
    expect(models.data.find((m) => m.id === 'llama-70b')?.embedding_nodes).toBe(0);
  });

  it('answers 404 for a model the network does not offer, and charges nothing', async () => {
    const before = await balances();
    await expect(client.embeddings.create({ model: 'no-such-model', input: 'hi' })).rejects.toMatchObject({
      status: 404,
      code: 'model_not_found',
    });
    expect(await balances()).toEqual(before);
  });

  it('answers 400 naming input for too many inputs, one too long, or token arrays', async () => {
    const tooMany = Array.from({ length: EMBEDDING_LIMITS.maxInputs + 1 }, () => 'x');
    await expect(client.embeddings.create({ model: 'far-demo', input: tooMany })).rejects.toMatchObject({
      status: 400,
      param: 'input',
    });
    const tooLong = 'x'.repeat(EMBEDDING_LIMITS.maxInputLength + 1);
    await expect(client.embeddings.create({ model: 'far-demo', input: tooLong })).rejects.toMatchObject({
      status: 400,
      param: 'input',
    });
    await expect(client.embeddings.create({ model: 'far-demo', input: [1, 2, 3] })).rejects.toMatchObject({
      status: 400,
    });
  });

  it('answers 503 when no node serves embeddings for a catalogued model, and releases the reservation', async () => {
    await expect(client.embeddings.create({ model: 'llama-70b', input: 'hi' })).rejects.toMatchObject({
      status: 503,
    });
    expect((await balances()).reserved).toBe('0');
  });
});
