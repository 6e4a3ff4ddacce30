import type { Deployments } from '@far/contracts';
import { chainCursors, gpuNodes, inferenceTasks, settlementBatches } from '@far/db';
import { createTestDb, type TestDbHandle } from '@far/db/testing';
import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import type { PublicClient } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completedDispatchStream } from '../../test/support/completedDispatchStream.js';
import { createLedgerTestNode, createLedgerTestUser } from '../../test/support/createLedgerTestParties.js';
import { waitUntil } from '../../test/support/waitUntil.js';
import { parseConfig } from '../config/parseConfig.js';
import { chainIndexerCursorName } from '../indexer/chainIndexerCursorName.js';
import { creditDeposit } from '../ledger/creditDeposit.js';
import { type InferenceDependencies, startInference } from '../services/inference/startInference.js';
import { createMetrics } from './createMetrics.js';
import { startWorkerMonitoring } from './startWorkerMonitoring.js';

const MODEL = 'far-demo';
const deployments = {
  chainId: 31337,
  contracts: { inferencePayment: '0x00000000000000000000000000000000000000aa' },
} as unknown as Deployments;

/** The value of one sample line of the exposition text, or undefined when the line is absent. */
function sampleValue(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('the worker monitoring: state metrics, ledger audit and the queue depth EMF line', () => {
  let database: TestDbHandle;
  let node: { nodeId: string; owner: `0x${string}` };
  const metrics = createMetrics();
  const logger = pino({ level: 'silent' });

  beforeAll(async () => {
    database = await createTestDb();
    const id = await createLedgerTestNode(database.db);
    const [row] = await database.db.select().from(gpuNodes).where(eq(gpuNodes.id, id));
    node = { nodeId: row?.nodeId ?? '', owner: (row?.ownerAddress ?? '0x') as `0x${string}` };
  });
  afterAll(() => database.close());

  async function fundedUser() {
    const user = await createLedgerTestUser(database.db);
    await creditDeposit(database.db, {
      userId: user.id,
      amount: 10n ** 21n,
      idempotencyKey: `dep:${user.id}`,
    });
    return { userId: user.id, walletAddress: user.walletAddress as `0x${string}` };
  }

  function deps(dispatch: InferenceDependencies['dispatch']): InferenceDependencies {
    return {
      db: database.db,
      dispatch,
      nodeScore: () => 80,
      farUsdPrice: async () => 10_000_000n,
      logger,
      metrics,
    };
  }

  it('exports what one completion, one waiting task, the batches and the indexer left behind', async () => {
    const request = { model: MODEL, prompt: 'Hello', maxTokens: 16, temperature: 0 };
    const done = await startInference(
      deps(async (r) => completedDispatchStream(r, node, ['a', ' b', ' c'])),
      { ...(await fundedUser()), request },
    );
    for await (const _ of done.tokens);
    await done.outcome;

    // A second task waits for a node: its reservation is open and it is queued until dispatch returns.
    let reached!: () => void;
    const atDispatch = new Promise<void>((resolve) => {
      reached = resolve;
    });
    let refuse!: (error: Error) => void;
    const gate = new Promise<never>((_, reject) => {
      refuse = reject;
    });
    const waiting = startInference(
      deps(() => {
        reached();
        return gate;
      }),
      { ...(await fundedUser()), request },
    ).catch((error: unknown) => error);
    await atDispatch;
    // The dispatch starts while the reservation commits: the task is queued once its row is visible.
    await waitUntil('the waiting task is recorded', async () => {
      const rows = await database.db
        .select({ id: inferenceTasks.id })
        .from(inferenceTasks)
        .where(eq(inferenceTasks.status, 'pending'));
      return rows.length > 0;
    });

    await database.db.insert(settlementBatches).values([
      { batchNumber: 1n, periodStart: new Date(), periodEnd: new Date(), status: 'confirmed' },
      { batchNumber: 2n, periodStart: new Date(), periodEnd: new Date(), status: 'failed' },
    ]);
    await database.db
      .insert(chainCursors)
      .values({ name: chainIndexerCursorName(deployments), blockNumber: 90n });

    const lines: string[] = [];
    const config = parseConfig({ CLUSTER_NAME: 'far-staging', CHAIN_CONFIRMATIONS: '2' });
    const chain = { getBlockNumber: async () => 100n } as unknown as PublicClient;
    const monitoring = startWorkerMonitoring({
      core: { db: database.db, chain, deployments, metrics, logger, config },
      isLeader: () => true,
      writeLine: (line) => lines.push(line),
    });
    await monitoring.runOnce();
    await monitoring.runOnce(); // counters add only what is new
    monitoring.stop();
    refuse(new Error('no node'));
    await waiting;

    const text = await metrics.registry.metrics();
    expect(sampleValue(text, `far_inference_tokens_total{model="${MODEL}"}`)).toBe(3);
    expect(sampleValue(text, `far_inference_ttft_seconds_count{model="${MODEL}"}`)).toBe(1);
    expect(sampleValue(text, `far_inference_queue_depth{model="${MODEL}"}`)).toBe(1);
    expect(sampleValue(text, 'far_reservations_open')).toBe(1);
    expect(sampleValue(text, 'far_settlement_batches_total{outcome="settled"}')).toBe(1);
    expect(sampleValue(text, 'far_settlement_batches_total{outcome="failed"}')).toBe(1);
    // The completion's charge is in no batch yet.
    expect(sampleValue(text, 'far_settlement_lag_seconds')).toBeGreaterThan(0);
    expect(sampleValue(text, 'far_indexer_lag_blocks')).toBe(100 - 2 - 90);
    expect(sampleValue(text, 'far_ledger_audit_ok')).toBe(1);
    expect(sampleValue(text, 'far_ledger_audit_last_run_timestamp_seconds')).toBeGreaterThan(0);
    expect(sampleValue(text, 'far_service_revenue_far_total{service="inference"}')).toBeGreaterThan(0);
    expect(sampleValue(text, 'far_worker_leader')).toBe(1);

    const emf = JSON.parse(lines[0] ?? '{}');
    expect(emf).toMatchObject({
      _aws: {
        CloudWatchMetrics: [
          { Namespace: 'FarLabs', Dimensions: [['Environment']], Metrics: [{ Name: 'InferenceQueueDepth' }] },
        ],
      },
      Environment: 'staging',
      InferenceQueueDepth: 1,
    });
  });

  it('a standby reports 0 for leadership and publishes nothing', async () => {
    const standbyMetrics = createMetrics();
    const lines: string[] = [];
    const monitoring = startWorkerMonitoring({
      core: {
        db: database.db,
        chain: { getBlockNumber: async () => 0n } as unknown as PublicClient,
        deployments: undefined,
        metrics: standbyMetrics,
        logger,
        config: parseConfig({}),
      },
      isLeader: () => false,
      writeLine: (line) => lines.push(line),
    });
    await monitoring.runOnce();
    monitoring.stop();
    const text = await standbyMetrics.registry.metrics();
    expect(sampleValue(text, 'far_worker_leader')).toBe(0);
    for (const absent of [
      'far_ledger_audit_ok',
      'far_ledger_audit_last_run_timestamp_seconds',
      'far_reservations_open',
    ])
      expect(sampleValue(text, absent), absent).toBeUndefined();
    expect(lines).toEqual([]);
  });
});
