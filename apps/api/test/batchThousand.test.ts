import { batches, batchRequests, inferenceTasks, ledgerReservations } from '@far/db';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditLedger } from '../src/ledger/auditLedger.js';
import { creditDeposit } from '../src/ledger/creditDeposit.js';
import { getBalances } from '../src/ledger/getBalances.js';
import type { ModelSpec } from '../src/models/ModelSpec.js';
import { readModelCatalogue } from '../src/models/readModelCatalogue.js';
import { discountModelPrice } from '../src/services/inference/discountModelPrice.js';
import { taskCostWei } from '../src/services/inference/priceTokens.js';
import { signIn } from './support/signIn.js';
import {
  BATCH_TEST_DISCOUNT_BPS,
  BATCH_TEST_PRICE,
  startBatchTestNetwork,
} from './support/startBatchTestNetwork.js';
import type { TestNodeClient } from './support/testNodeClient.js';

/**
 * Issue 18's batch test: 1,000 chat requests run as one batch by two runners (replicas claiming
 * from one database) across two scripted WebSocket nodes, one of which is killed mid-batch. Every
 * request completes, and the ledger shows each billed exactly once: one completed task per
 * request at the discounted price, failed attempts billed nothing, no wei left reserved.
 */
const REQUESTS = 1_000;
const ANSWER = [' One', ' two', ' three', '.'];
let net: Awaited<ReturnType<typeof startBatchTestNetwork>>;
let nodeB: TestNodeClient;
let userId: string;
let token: string;

beforeAll(async () => {
  net = await startBatchTestNetwork();
  const nodeA = await net.joinNode('batch-node-a', 4);
  nodeB = await net.joinNode('batch-node-b', 4);
  // Tokens a few milliseconds apart, so node B always has tasks in flight when it is killed.
  net.serve(nodeA, ANSWER, 2);
  net.serve(nodeB, ANSWER, 2);
  const caller = await signIn(net.t.app);
  userId = caller.user.id;
  token = caller.accessToken;
  await creditDeposit(net.db, { userId, amount: 10n ** 21n, idempotencyKey: `dep:${userId}` });
}, 180_000);

afterAll(() => net?.close());

const api = (method: string, path: string, body?: unknown) =>
  net.t.app.request(path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

const completedCount = async (batchId: string) => {
  const [row] = await net.db
    .select({ n: sql<number>`count(*)::int` })
    .from(batchRequests)
    .where(and(eq(batchRequests.batchId, batchId), eq(batchRequests.status, 'completed')));
  return row?.n ?? 0;
};

describe('a 1,000-request batch across two nodes, one killed mid-batch', () => {
  it('completes every request and bills each exactly once', async () => {
    const lines = Array.from({ length: REQUESTS }, (_, i) =>
      JSON.stringify({
        custom_id: `q-${i}`,
        method: 'POST',
        url: '/v1/chat/completions',
        body: {
          model: 'far-demo',
          messages: [{ role: 'user', content: `Count to three (${i})` }],
          max_tokens: 8,
        },
      }),
    );
    const form = new FormData();
    form.set('purpose', 'batch');
    form.set('file', new File([`${lines.join('\n')}\n`], 'thousand.jsonl'));
    const upload = await net.t.app.request('/v1/files', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    expect(upload.status).toBe(200);
    const file = (await upload.json()) as { id: string; far: { line_count: number } };
    expect(file.far.line_count).toBe(REQUESTS);
    const before = await getBalances(net.db, userId);

    const created = await api('POST', '/v1/batches', {
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    const { id: batchId } = (await created.json()) as { id: string };
    // Two replicas' runners share the work through row claims.
    const runners = [net.startRunner({ concurrency: 8 }), net.startRunner({ concurrency: 8 })];

    await vi.waitFor(
      async () => {
        if ((await completedCount(batchId)) < REQUESTS / 4) throw new Error('not yet');
      },
      { timeout: 120_000, interval: 100 },
    );
    // Killed with answers in flight: those fail over to node A inside their task, or fail unbilled
    // and are retried.
    await vi.waitFor(
      () => {
        if ((net.gateway.registry.get('batch-node-b')?.activeTasks ?? 0) === 0) throw new Error('B is idle');
      },
      { timeout: 30_000, interval: 1 },
    );
    nodeB.ws.terminate();

    let batch:
      | {
          status: string;
          request_counts: Record<string, number>;
          output_file_id: string;
          far: { cost_far_wei: string };
        }
      | undefined;
    await vi.waitFor(
      async () => {
        batch = (await (await api('GET', `/v1/batches/${batchId}`)).json()) as typeof batch;
        if (batch?.status !== 'completed') throw new Error(`batch is ${batch?.status}`);
      },
      { timeout: 240_000, interval: 200 },
    );
    await Promise.all(runners.map((r) => r.close()));
    expect(batch?.request_counts).toEqual({ total: REQUESTS, completed: REQUESTS, failed: 0 });

    // The output: one line per request, in input order, each a whole answer.
    const output = await (await api('GET', `/v1/files/${batch?.output_file_id}/content`)).text();
    const results = output
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(results.map((r) => r.custom_id)).toEqual(lines.map((_, i) => `q-${i}`));
    for (const r of results) expect(r.response.body.choices[0].message.content).toContain('.');

    // Each request: exactly one completed task (its last attempt's), at the discounted price.
    const rows = await net.db.select().from(batchRequests).where(eq(batchRequests.batchId, batchId));
    const tasks = await net.db.select().from(inferenceTasks).where(eq(inferenceTasks.userId, userId));
    const completed = tasks.filter((t) => t.status === 'completed');
    expect(completed).toHaveLength(REQUESTS);
    expect(new Set(completed.map((t) => t.id))).toEqual(new Set(rows.map((r) => r.taskId)));
    expect(tasks.filter((t) => t.status === 'pending' || t.status === 'running')).toEqual([]);
    for (const t of tasks.filter((t) => t.status !== 'completed')) expect(t.costFarWei ?? 0n).toBe(0n);
    const model = discountModelPrice(
      (await readModelCatalogue(net.db)).find('far-demo') as ModelSpec,
      BATCH_TEST_DISCOUNT_BPS,
    );
    let billed = 0n;
    for (const t of completed) {
      const cost = taskCostWei(
        model,
        { promptTokens: t.promptTokens ?? 0, completionTokens: t.completionTokens ?? 0 },
        BATCH_TEST_PRICE,
      );
      expect(t.costFarWei).toBe(cost);
      expect((t.nodeShareWei ?? 0n) + (t.stakersShareWei ?? 0n) + (t.treasuryShareWei ?? 0n)).toBe(cost);
      billed += cost;
    }
    // Both nodes served, and the kill cost some attempts or moved some tasks: none of it billed twice.
    const servedBy = new Set(completed.map((t) => t.nodeId));
    expect(servedBy.size).toBe(2);

    // The ledger: the user paid exactly the sum, nothing is left reserved, every invariant holds.
    const after = await getBalances(net.db, userId);
    expect(before.available - after.available).toBe(billed);
    expect(after.reserved).toBe(0n);
    expect(BigInt(batch?.far.cost_far_wei ?? -1)).toBe(billed);
    const open = await net.db
      .select()
      .from(ledgerReservations)
      .where(and(eq(ledgerReservations.userId, userId), eq(ledgerReservations.status, 'open')));
    expect(open).toEqual([]);
    expect((await auditLedger(net.db)).ok).toBe(true);
    const [done] = await net.db
      .select()
      .from(batches)
      .where(inArray(batches.id, [batchId]));
    expect(done?.completedAt).not.toBeNull();
  }, 420_000);
});
