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
import { createLedgerTestNode, createLedgerTestUser } from '../../test/support/createLedgerTestParties.js';
import type { DispatchRequest, DispatchStream, DispatchToken } from '../dispatch/dispatchTypes.js';
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
  async function dispatch(request: DispatchRequest): Promise<DispatchStream> {
    const texts = ['Hi', ' there'];
    async function* tokens(): AsyncGenerator<readonly DispatchToken[]> {
      if (texts.length > 0) yield texts.map((text, seq): DispatchToken => ({ text, seq, billable: true }));
    }
    const result = {
      taskId: request.taskId,
      nodeId: node.nodeId,
      nodeOwner: node.owner,
      completionTokensCounted: texts.length,
      nodeClaimedUsage: { promptTokens: 10, completionTokens: texts.length },
      finishReason: 'stop' as const,
      attempts: 1,
      segments: [
        {
          nodeId: node.nodeId,
          nodeOwner: node.owner,
          tokens: texts.length,
          claimedCompletionTokens: texts.length,
          score: 80,
        },
      ],
      durationMs: 1,
    };
    return {
      taskId: request.taskId,
      nodeId: node.nodeId,
      result: Promise.resolve(result),
      [Symbol.asyncIterator]: tokens,
    };
  }

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
