import { batchRequests, inferenceTasks } from '@far/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditLedger } from '../src/ledger/auditLedger.js';
import { creditDeposit } from '../src/ledger/creditDeposit.js';
import { getBalances } from '../src/ledger/getBalances.js';
import { createLogger } from '../src/observability/createLogger.js';
import type { BatchRequestResult } from '../src/services/inference/batches/runBatchRequest.js';
import { recoverInterruptedTasks } from '../src/services/inference/recoverInterruptedTasks.js';
import { signIn } from './support/signIn.js';
import { BATCH_TEST_PRICE, startBatchTestNetwork } from './support/startBatchTestNetwork.js';

/**
 * A runner that stalls past its lease loses the request to another runner, and its late answer is
 * not billed: the request's result and its bill commit together only for the attempt that still
 * holds the row.
 */
let net: Awaited<ReturnType<typeof startBatchTestNetwork>>;
let userId: string;
let token: string;

beforeAll(async () => {
  net = await startBatchTestNetwork();
  const node = await net.joinNode('takeover-node', 4);
  // Slow answers (4 tokens, 250 ms apart), so a second runner can claim while the first still waits.
  net.serve(node, [' slow', ' but', ' sure', '.'], 250);
  const caller = await signIn(net.t.app);
  userId = caller.user.id;
  token = caller.accessToken;
  await creditDeposit(net.db, { userId, amount: 10n ** 21n, idempotencyKey: `dep:${userId}` });
}, 180_000);

afterAll(() => net?.close());

describe('a batch request taken over after its lease ran out', () => {
  it('is billed once, for the attempt that holds it, and the stalled attempt leaves nothing reserved', async () => {
    const form = new FormData();
    form.set('purpose', 'batch');
    const line = {
      custom_id: 'only',
      method: 'POST',
      url: '/v1/chat/completions',
      body: { model: 'far-demo', messages: [{ role: 'user', content: 'Take your time' }], max_tokens: 8 },
    };
    form.set('file', new File([JSON.stringify(line)], 'one.jsonl'));
    const headers = { authorization: `Bearer ${token}` };
    const file = (await (
      await net.t.app.request('/v1/files', { method: 'POST', headers, body: form })
    ).json()) as {
      id: string;
    };
    const created = await net.t.app.request('/v1/batches', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        input_file_id: file.id,
        endpoint: '/v1/chat/completions',
        completion_window: '24h',
      }),
    });
    const { id: batchId } = (await created.json()) as { id: string };
    const before = await getBalances(net.db, userId);

    const results: BatchRequestResult[] = [];
    const stalled = net.startRunner({ onResult: (r) => results.push(r) });
    await vi.waitFor(
      async () => {
        const [row] = await net.db.select().from(batchRequests).where(eq(batchRequests.batchId, batchId));
        if (row?.status !== 'running') throw new Error('not claimed yet');
      },
      { timeout: 30_000, interval: 20 },
    );
    // The first attempt's lease runs out (as if its runner had stalled): the request is claimed again,
    // as attempt 2, by whichever runner polls first (the stalled one included).
    await net.db
      .update(batchRequests)
      .set({ claimedUntil: new Date(0) })
      .where(eq(batchRequests.batchId, batchId));
    const rescuer = net.startRunner({ onResult: (r) => results.push(r) });

    await vi.waitFor(
      () => {
        if (results.length < 2) throw new Error('attempts still running');
      },
      { timeout: 60_000, interval: 50 },
    );
    await Promise.all([stalled.close(), rescuer.close()]);
    // Attempt 1 answered late and lost its bill; attempt 2 completed (attempt 2 answers first or last).
    expect(results.sort()).toEqual(['completed', 'lost']);

    const [request] = await net.db.select().from(batchRequests).where(eq(batchRequests.batchId, batchId));
    expect(request).toMatchObject({ status: 'completed', attempts: 2 });
    // The stalled attempt's task is closed by the interrupted-task recovery, unbilled.
    await recoverInterruptedTasks({
      db: net.db,
      farUsdPrice: async () => BATCH_TEST_PRICE,
      logger: createLogger('silent'),
      now: new Date(Date.now() + 60_000),
    });
    const tasks = await net.db.select().from(inferenceTasks).where(eq(inferenceTasks.userId, userId));
    expect(tasks).toHaveLength(2);
    const billed = tasks.filter((t) => (t.costFarWei ?? 0n) > 0n);
    expect(billed.map((t) => t.id)).toEqual([request?.taskId]);
    const after = await getBalances(net.db, userId);
    expect(before.available - after.available).toBe(billed[0]?.costFarWei);
    expect(after.reserved).toBe(0n);
    expect((await auditLedger(net.db)).ok).toBe(true);
  }, 180_000);
});
