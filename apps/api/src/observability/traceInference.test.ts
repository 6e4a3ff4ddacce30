import { gpuNodes } from '@far/db';
import { createTestDb, type TestDbHandle } from '@far/db/testing';
import { trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completedDispatchStream } from '../../test/support/completedDispatchStream.js';
import { createLedgerTestNode, createLedgerTestUser } from '../../test/support/createLedgerTestParties.js';
import type { DispatchRequest } from '../dispatch/dispatchTypes.js';
import { creditDeposit } from '../ledger/creditDeposit.js';
import { startInference } from '../services/inference/startInference.js';

describe('the trace of one completion', () => {
  const exporter = new InMemorySpanExporter();
  let database: TestDbHandle;
  let node: { nodeId: string; owner: `0x${string}` };

  beforeAll(async () => {
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
    );
    database = await createTestDb();
    const id = await createLedgerTestNode(database.db);
    const [row] = await database.db.select().from(gpuNodes).where(eq(gpuNodes.id, id));
    node = { nodeId: row?.nodeId ?? '', owner: (row?.ownerAddress ?? '0x') as `0x${string}` };
  });
  afterAll(async () => {
    trace.disable();
    await database.close();
  });

  /** A node that streams two tokens and finishes. */
  const dispatch = async (request: DispatchRequest) =>
    completedDispatchStream(request, node, ['Hi', ' there']);

  it('has the task as root, with the node hop and the ledger settlement as its children', async () => {
    const user = await createLedgerTestUser(database.db);
    await creditDeposit(database.db, {
      userId: user.id,
      amount: 10n ** 21n,
      idempotencyKey: `dep:${user.id}`,
    });
    const run = await startInference(
      {
        db: database.db,
        dispatch,
        nodeScore: () => 80,
        farUsdPrice: async () => 10_000_000n,
        logger: pino({ level: 'silent' }),
      },
      {
        userId: user.id,
        walletAddress: user.walletAddress as `0x${string}`,
        request: { model: 'far-demo', prompt: 'Hello', maxTokens: 16, temperature: 0 },
      },
    );
    for await (const _ of run.tokens);
    expect((await run.outcome).status).toBe('completed');

    const spans = exporter.getFinishedSpans();
    const named = (name: string) => spans.find((s) => s.name === name);
    const root = named('inference.completion');
    const hop = named('node.dispatch');
    const settle = named('inference.settle');
    expect(root?.attributes).toMatchObject({ 'far.task_id': run.taskId, 'far.model': 'far-demo' });
    expect(root?.parentSpanContext).toBeUndefined();
    for (const child of [hop, settle]) {
      expect(child?.spanContext().traceId).toBe(root?.spanContext().traceId);
      expect(child?.parentSpanContext?.spanId).toBe(root?.spanContext().spanId);
      expect(child?.attributes['far.task_id']).toBe(run.taskId);
    }
    expect(hop?.attributes).toMatchObject({ 'far.node_id': node.nodeId, 'far.tokens': 2 });
  });
});
