import { batches, batchRequests, inferenceTasks } from '@far/db';
import { eq, inArray } from 'drizzle-orm';
import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditDeposit } from '../src/ledger/creditDeposit.js';
import { getBalances } from '../src/ledger/getBalances.js';
import { readModelCatalogue } from '../src/models/readModelCatalogue.js';
import { activateBatches } from '../src/services/inference/batches/activateBatches.js';
import { finalizeBatches } from '../src/services/inference/batches/finalizeBatches.js';
import { discountModelPrice } from '../src/services/inference/discountModelPrice.js';
import { taskCostWei } from '../src/services/inference/priceTokens.js';
import { signIn } from './support/signIn.js';
import {
  BATCH_TEST_DISCOUNT_BPS,
  BATCH_TEST_PRICE,
  startBatchTestNetwork,
} from './support/startBatchTestNetwork.js';

/**
 * The Batch API through the official `openai` client: upload a JSONL file, run it as a batch on
 * scripted WebSocket nodes, read the output file; embeddings batches, cancelling, a refused upload
 * naming its lines, listing and deleting files.
 */
let net: Awaited<ReturnType<typeof startBatchTestNetwork>>;
let client: OpenAI;
let userId: string;
const ANSWER = [' The', ' river', ' runs', '.'];

beforeAll(async () => {
  net = await startBatchTestNetwork();
  const node = await net.joinNode('batch-api-node', 4);
  net.serve(node, ANSWER);
  const caller = await signIn(net.t.app);
  userId = caller.user.id;
  await creditDeposit(net.db, { userId, amount: 10n ** 21n, idempotencyKey: `dep:${userId}` });
  client = new OpenAI({
    apiKey: caller.accessToken,
    baseURL: 'http://api.test/v1',
    maxRetries: 0,
    fetch: (async (url: string | URL | Request, init?: RequestInit) =>
      net.t.app.request(String(url), init)) as never,
  });
}, 180_000);

afterAll(() => net?.close());

const jsonl = (lines: unknown[]) => `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
const chatLine = (customId: string, content: string) => ({
  custom_id: customId,
  method: 'POST',
  url: '/v1/chat/completions',
  body: { model: 'far-demo', messages: [{ role: 'user', content }], max_tokens: 16, temperature: 0 },
});

async function until(batchId: string, done: (b: OpenAI.Batch) => boolean): Promise<OpenAI.Batch> {
  let batch = await client.batches.retrieve(batchId);
  await expect
    .poll(
      async () => {
        batch = await client.batches.retrieve(batchId);
        return done(batch);
      },
      { timeout: 30_000, interval: 50 },
    )
    .toBe(true);
  return batch;
}

describe('Batch API through the official openai client', () => {
  it('runs an uploaded file of chat requests at the discount and returns each answer by custom_id', async () => {
    const lines = Array.from({ length: 6 }, (_, i) => chatLine(`req-${i}`, `Question ${i}?`));
    const file = await client.files.create({
      file: await toFile(Buffer.from(jsonl(lines)), 'questions.jsonl'),
      purpose: 'batch',
    });
    expect(file).toMatchObject({ object: 'file', purpose: 'batch', filename: 'questions.jsonl' });
    expect((await client.files.retrieve(file.id)).bytes).toBe(Buffer.byteLength(jsonl(lines)));

    const runner = net.startRunner();
    const created = await client.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
      metadata: { purpose: 'test' },
    });
    expect(created).toMatchObject({ object: 'batch', status: 'validating', metadata: { purpose: 'test' } });
    const batch = await until(created.id, (b) => b.status === 'completed');
    await runner.close();
    expect(batch.request_counts).toEqual({ total: 6, completed: 6, failed: 0 });
    expect(batch.error_file_id).toBeNull();

    const output = await (await client.files.content(batch.output_file_id as string)).text();
    const results = output
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(results.map((r) => r.custom_id)).toEqual(lines.map((l) => l.custom_id));
    const catalogue = await readModelCatalogue(net.db);
    const discounted = discountModelPrice(catalogue.find('far-demo') as never, BATCH_TEST_DISCOUNT_BPS);
    let total = 0n;
    for (const r of results) {
      expect(r.error).toBeNull();
      expect(r.response.status_code).toBe(200);
      const body = r.response.body;
      expect(body.object).toBe('chat.completion');
      expect(body.choices[0].message.content).toBe(ANSWER.join(''));
      const cost = taskCostWei(
        discounted,
        { promptTokens: body.usage.prompt_tokens, completionTokens: body.usage.completion_tokens },
        BATCH_TEST_PRICE,
      );
      expect(BigInt(body.far.cost_far_wei)).toBe(cost);
      total += cost;
    }
    expect((batch as unknown as { far: { cost_far_wei: string } }).far.cost_far_wei).toBe(total.toString());
    expect((await getBalances(net.db, userId)).reserved).toBe(0n);

    const listed = await client.batches.list();
    expect(listed.data.map((b) => b.id)).toContain(batch.id);
  });

  it('runs an embeddings batch, one vector list per request', async () => {
    const lines = ['the river', 'the town'].map((input, i) => ({
      custom_id: `emb-${i}`,
      method: 'POST',
      url: '/v1/embeddings',
      body: { model: 'far-demo', input, encoding_format: 'float' },
    }));
    const file = await client.files.create({
      file: await toFile(Buffer.from(jsonl(lines)), 'emb.jsonl'),
      purpose: 'batch',
    });
    const runner = net.startRunner();
    const created = await client.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/embeddings',
      completion_window: '24h',
    });
    const batch = await until(created.id, (b) => b.status === 'completed');
    await runner.close();
    const output = (await (await client.files.content(batch.output_file_id as string)).text())
      .trim()
      .split('\n');
    const first = JSON.parse(output[0] as string);
    expect(first).toMatchObject({
      custom_id: 'emb-0',
      response: { status_code: 200, body: { object: 'list' } },
    });
    expect(first.response.body.data[0].embedding).toHaveLength(2);
  });

  it('cancels a batch before it runs: it ends cancelled with no output and no request run', async () => {
    const lines = Array.from({ length: 4 }, (_, i) => chatLine(`c-${i}`, `Cancel ${i}`));
    const file = await client.files.create({
      file: await toFile(Buffer.from(jsonl(lines)), 'c.jsonl'),
      purpose: 'batch',
    });
    const created = await client.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    const cancelling = await client.batches.cancel(created.id);
    expect(cancelling.status).toBe('cancelling');
    const runner = net.startRunner();
    const batch = await until(created.id, (b) => b.status === 'cancelled');
    await runner.close();
    expect(batch.output_file_id).toBeNull();
    expect(batch.cancelled_at).not.toBeNull();
    const rows = await net.db.select().from(batchRequests).where(eq(batchRequests.batchId, batch.id));
    expect(rows).toHaveLength(0);
    await expect(client.batches.cancel(created.id)).rejects.toMatchObject({ status: 409 });
  });

  it('expires a batch not done within its window: unrun requests go to the error file as batch_expired', async () => {
    const lines = Array.from({ length: 3 }, (_, i) => chatLine(`late-${i}`, `Late ${i}`));
    const file = await client.files.create({
      file: await toFile(Buffer.from(jsonl(lines)), 'late.jsonl'),
      purpose: 'batch',
    });
    const created = await client.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    // No runner: the batch is expanded and its window ends before any request could run.
    await activateBatches(net.db);
    await net.db
      .update(batches)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(eq(batches.id, created.id));
    expect(await finalizeBatches(net.db)).toContain(created.id);
    const batch = await client.batches.retrieve(created.id);
    expect(batch).toMatchObject({ status: 'expired', output_file_id: null });
    expect(batch.request_counts).toEqual({ total: 3, completed: 0, failed: 3 });
    const errors = (await (await client.files.content(batch.error_file_id as string)).text())
      .trim()
      .split('\n');
    expect(errors.map((l) => JSON.parse(l))).toEqual(
      lines.map((l) => ({
        id: expect.stringMatching(/^batch_req_/),
        custom_id: l.custom_id,
        response: null,
        error: { code: 'batch_expired', message: expect.any(String) },
      })),
    );
  });

  it('refuses a file with bad lines, naming each line, and a batch for another endpoint', async () => {
    const bad = `${JSON.stringify(chatLine('a', 'ok'))}\nnot json\n${JSON.stringify({ ...chatLine('a', 'dup') })}\n`;
    const refused = await client.files
      .create({ file: await toFile(Buffer.from(bad), 'bad.jsonl'), purpose: 'batch' })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 400, param: 'file' });
    const lines = (refused as { error: { details: { lines: { line: number }[] } } }).error.details.lines;
    expect(lines.map((l) => l.line)).toEqual([2, 3]);
    expect((refused as Error).message).toContain('Line 2: not valid JSON');

    const file = await client.files.create({
      file: await toFile(Buffer.from(jsonl([chatLine('x', 'hi')])), 'x.jsonl'),
      purpose: 'batch',
    });
    await expect(
      client.batches.create({ input_file_id: file.id, endpoint: '/v1/embeddings', completion_window: '24h' }),
    ).rejects.toMatchObject({ status: 400, param: 'endpoint' });
    await expect(client.batches.retrieve('batch_missing')).rejects.toMatchObject({ status: 404 });
  });

  it("lists and deletes files, and never shows one caller another's files or batches", async () => {
    const file = await client.files.create({
      file: await toFile(Buffer.from(jsonl([chatLine('x', 'hi')])), 'mine.jsonl'),
      purpose: 'batch',
    });
    const page = await client.files.list();
    expect(page.data.map((f) => f.id)).toContain(file.id);

    const stranger = await signIn(net.t.app);
    const asStranger = (path: string) =>
      net.t.app.request(path, { headers: { authorization: `Bearer ${stranger.accessToken}` } });
    expect((await asStranger(`/v1/files/${file.id}`)).status).toBe(404);
    expect((await asStranger(`/v1/files/${file.id}/content`)).status).toBe(404);
    const theirBatches = (await (await asStranger('/v1/batches')).json()) as { data: unknown[] };
    expect(theirBatches.data).toEqual([]);

    expect(await client.files.delete(file.id)).toMatchObject({ id: file.id, deleted: true });
    await expect(client.files.retrieve(file.id)).rejects.toMatchObject({ status: 404 });
  });
});

describe('batch tasks', () => {
  it('are keyed by (batch, custom_id, attempt): every completed request points at its one billed task', async () => {
    const rows = await net.db.select().from(batchRequests).where(eq(batchRequests.status, 'completed'));
    const tasks = await net.db
      .select()
      .from(inferenceTasks)
      .where(
        inArray(
          inferenceTasks.id,
          rows.map((r) => r.taskId as string),
        ),
      );
    expect(tasks).toHaveLength(rows.length);
    for (const task of tasks) expect(task.status).toBe('completed');
  });
});
