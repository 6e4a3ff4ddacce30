import { gpuNodes, inferenceLogs, inferenceTasks, testDrivers } from '@far/db';
import { createTestDb, type TestDbHandle } from '@far/db/testing';
import type { InferenceChatMessage } from '@far/protocol';
import { eq, sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completedDispatchResult } from '../../../test/support/completedDispatchResult.js';
import { createLedgerTestNode, createLedgerTestUser } from '../../../test/support/createLedgerTestParties.js';
import { FAR_DEMO_USD_PER_1M, farDemoModel } from '../../../test/support/farDemoModel.js';
import type {
  DispatchRequest,
  DispatchResult,
  DispatchStream,
  DispatchToken,
} from '../../dispatch/dispatchTypes.js';
import { NodeTaskFailedError } from '../../dispatch/NodeTaskFailedError.js';
import { auditLedger } from '../../ledger/auditLedger.js';
import { creditDeposit } from '../../ledger/creditDeposit.js';
import { getBalances } from '../../ledger/getBalances.js';
import { tokensCostWei } from './priceTokens.js';
import { recoverInterruptedTasks, TASK_STALE_AFTER_MS } from './recoverInterruptedTasks.js';
import { type InferenceDependencies, startInference } from './startInference.js';

const PRICE = 10_000_000n; // $0.10 per FAR, 8 decimals
const DEPOSIT = 10n ** 21n;
const model = farDemoModel;

/** Twelve tokens as a node may stream them: each visible, several holding text Postgres cannot store. */
const HOSTILE_TOKENS = [
  'The',
  ' sea\u0000',
  ' is',
  ' \ud800wide',
  ' and',
  '\udc00 deep',
  '.',
  ' Waves\u0000\u0000',
  ' roll',
  ' 🌊',
  ' \ud83cin',
  ' \udf0a\udf0aend',
];

/**
 * A node's stream, scripted: the tokens, then `task.done` or, with `failure`, the error the
 * gateway raises when the node fails after them.
 */
function scriptedDispatch(node: { nodeId: string; owner: `0x${string}` }, texts: string[], failure?: Error) {
  return async (request: DispatchRequest): Promise<DispatchStream> => {
    let settle!: (r: DispatchResult) => void;
    let refuse!: (e: unknown) => void;
    const result = new Promise<DispatchResult>((resolve, reject) => {
      settle = resolve;
      refuse = reject;
    });
    result.catch(() => {});
    async function* tokens(): AsyncGenerator<readonly DispatchToken[]> {
      // One token per batch: the delivery test counts writes per step.
      for (const [seq, text] of texts.entries()) yield [{ text, seq, billable: true }];
      if (failure) {
        refuse(failure);
        throw failure;
      }
      settle(completedDispatchResult(request, node, texts));
    }
    return { taskId: request.taskId, nodeId: node.nodeId, result, [Symbol.asyncIterator]: tokens };
  };
}

describe.each(testDrivers())(
  'startInference on %s: nothing about the text fails or shrinks the bill',
  (driver) => {
    let database: TestDbHandle;
    let node: { nodeId: string; owner: `0x${string}` };
    const errors: string[] = [];
    const logger = pino(
      { level: 'error' },
      {
        write: (line: string) => {
          errors.push((JSON.parse(line) as { msg: string }).msg);
        },
      },
    );

    beforeAll(async () => {
      database = await createTestDb({ driver });
      const id = await createLedgerTestNode(database.db);
      const [row] = await database.db.select().from(gpuNodes).where(eq(gpuNodes.id, id));
      node = { nodeId: row?.nodeId ?? '', owner: (row?.ownerAddress ?? '0x') as `0x${string}` };
    });
    afterAll(() => database.close());

    async function fundedUser() {
      const user = await createLedgerTestUser(database.db);
      await creditDeposit(database.db, {
        userId: user.id,
        amount: DEPOSIT,
        idempotencyKey: `dep:${user.id}`,
      });
      return user;
    }

    function deps(texts: string[], failure?: Error): InferenceDependencies {
      return {
        db: database.db,
        dispatch: scriptedDispatch(node, texts, failure),
        nodeScore: () => 80,
        farUsdPrice: async () => PRICE,
        logger,
      };
    }

    /** Runs a request to the end as the SSE route does: every token passed on, then the outcome. */
    async function run(
      input: { messages: InferenceChatMessage[] } | { prompt: string },
      texts: string[],
      failure?: Error,
      deliveredWhole = false,
    ) {
      const user = await fundedUser();
      const started = await startInference(deps(texts, failure), {
        userId: user.id,
        walletAddress: user.walletAddress as `0x${string}`,
        request: { model: model.id, ...input, maxTokens: 64, temperature: 0 },
        deliveredWhole,
      });
      const received: string[] = [];
      const streamError = await (async () => {
        for await (const batch of started.tokens) for (const token of batch) received.push(token.text);
      })().then(
        () => undefined,
        (error: unknown) => error,
      );
      const outcome = await started.outcome.then(
        (o) => o,
        (error: unknown) => ({ rejected: error }),
      );
      const [task] = await database.db
        .select()
        .from(inferenceTasks)
        .where(eq(inferenceTasks.id, started.taskId));
      const due = tokensCostWei(started.promptTokens + received.length, FAR_DEMO_USD_PER_1M, PRICE);
      return { user, started, received, streamError, outcome, task, due };
    }

    const sea: InferenceChatMessage[] = [
      { role: 'system', content: 'Answer \ud800briefly.' },
      { role: 'user', content: 'Tell me about the sea\u0000' },
    ];

    it('completes and bills every delivered token of an answer holding NUL and unpaired surrogates, whatever the prompt held', async () => {
      for (const input of [{ messages: sea }, { prompt: 'Tell me about the sea\u0000 \udfff' }]) {
        const { user, received, outcome, task, due, started } = await run(input, HOSTILE_TOKENS);
        expect(received).toEqual(HOSTILE_TOKENS);
        expect(outcome).toMatchObject({ status: 'completed', completionTokens: 12, costFarWei: due });
        expect(task).toMatchObject({ status: 'completed', completionTokens: 12, costFarWei: due });
        expect(await getBalances(database.db, user.id)).toEqual({ available: DEPOSIT - due, reserved: 0n });
        const [log] = await database.db
          .select()
          .from(inferenceLogs)
          .where(eq(inferenceLogs.taskId, started.taskId));
        expect(JSON.stringify(log?.doc.prompt)).toContain('the sea\ufffd');
      }
      expect((await auditLedger(database.db)).ok).toBe(true);
    });

    it('bills exactly the delivered tokens when the node fails after them with a message holding NUL', async () => {
      const failure = new NodeTaskFailedError({
        reason: 'node_error',
        nodeId: node.nodeId,
        tokensDelivered: 5,
        message: `node ${node.nodeId} failed the task: engine crashed\u0000 at \ud800`,
      });
      const { received, streamError, outcome, task, due } = await run(
        { messages: sea },
        HOSTILE_TOKENS.slice(0, 5),
        failure,
      );
      expect(received).toHaveLength(5);
      expect(streamError).toBe(failure);
      expect(outcome).toMatchObject({ status: 'failed', completionTokens: 5, costFarWei: due });
      expect(task).toMatchObject({ status: 'failed', completionTokens: 5, costFarWei: due });
      expect(task?.failureReason).toContain('engine crashed\ufffd at \ufffd');
    });

    it('commits the bill when the inference log cannot be written, and logs the failure', async () => {
      await database.db.execute(
        sql`alter table inference_logs add constraint refuse_every_log check (false) not valid`,
      );
      try {
        const { outcome, task, due } = await run({ messages: sea }, HOSTILE_TOKENS);
        expect(outcome).toMatchObject({ status: 'completed', completionTokens: 12, costFarWei: due });
        expect(task).toMatchObject({ status: 'completed', costFarWei: due });
        expect(errors).toContain('could not write the inference log; the bill stands');
      } finally {
        await database.db.execute(sql`alter table inference_logs drop constraint refuse_every_log`);
      }
    });

    it('settles only once the writer has flushed, billing the tokens its writes got to the client', async () => {
      const user = await fundedUser();
      const started = await startInference(deps(HOSTILE_TOKENS), {
        userId: user.id,
        walletAddress: user.walletAddress as `0x${string}`,
        request: { model: model.id, messages: sea, maxTokens: 64, temperature: 0 },
      });
      // The client's socket takes 7 of the 12 tokens; its last writes are still draining when the node ends.
      let written = 0;
      let release!: () => void;
      const draining = new Promise<void>((resolve) => {
        release = resolve;
      });
      started.trackDelivery({ written: () => written, flush: () => draining });
      for await (const _ of started.tokens) written = Math.min(written + 1, 7);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const [before] = await database.db
        .select()
        .from(inferenceTasks)
        .where(eq(inferenceTasks.id, started.taskId));
      expect(before?.costFarWei).toBeNull();
      release();
      const due = tokensCostWei(started.promptTokens + 7, FAR_DEMO_USD_PER_1M, PRICE);
      expect(await started.outcome).toMatchObject({ completionTokens: 7, costFarWei: due });
      expect(await getBalances(database.db, user.id)).toEqual({ available: DEPOSIT - due, reserved: 0n });
      expect((await auditLedger(database.db)).ok).toBe(true);
    });

    /** Runs a request while the task row refuses the final `status` (any fault of the settlement itself). */
    async function runRefusingStatus(status: 'completed' | 'failed', ...args: Parameters<typeof run>) {
      await database.db.execute(
        sql.raw(
          `alter table inference_tasks add constraint refuse_status check (status <> '${status}') not valid`,
        ),
      );
      try {
        return await run(...args);
      } finally {
        await database.db.execute(sql`alter table inference_tasks drop constraint refuse_status`);
      }
    }

    /** The recovery, run as if the API had been silent past the staleness bound. */
    const recoverStaleTasks = () =>
      recoverInterruptedTasks({
        db: database.db,
        farUsdPrice: async () => PRICE,
        logger,
        now: new Date(Date.now() + TASK_STALE_AFTER_MS + 1_000),
      });

    it('leaves exactly the delivered count for the recovery when the outcome cannot be recorded', async () => {
      const ran = await runRefusingStatus('completed', { messages: sea }, HOSTILE_TOKENS.slice(0, 3));
      expect(ran.outcome).toHaveProperty('rejected');
      // Streamed in well under the once-a-second progress: only the final record can say 3.
      expect(ran.task).toMatchObject({ status: 'running', tokensGenerated: 3 });
      await recoverStaleTasks();
      const [task] = await database.db
        .select()
        .from(inferenceTasks)
        .where(eq(inferenceTasks.id, ran.started.taskId));
      expect(task).toMatchObject({ status: 'failed', completionTokens: 3, costFarWei: ran.due });
      expect((await auditLedger(database.db)).ok).toBe(true);
    });

    it('bills nothing for a failed request that is not streamed, even when the recovery has to close it', async () => {
      const failure = new NodeTaskFailedError({
        reason: 'node_error',
        nodeId: node.nodeId,
        tokensDelivered: 3,
        message: 'engine crashed',
      });
      const failed = await run({ messages: sea }, HOSTILE_TOKENS.slice(0, 3), failure, true);
      expect(failed.outcome).toMatchObject({ status: 'failed', completionTokens: 0, costFarWei: 0n });
      expect(await getBalances(database.db, failed.user.id)).toEqual({ available: DEPOSIT, reserved: 0n });

      const unrecorded = await runRefusingStatus(
        'failed',
        { messages: sea },
        HOSTILE_TOKENS.slice(0, 3),
        failure,
        true,
      );
      expect(unrecorded.outcome).toHaveProperty('rejected');
      expect(unrecorded.task).toMatchObject({ status: 'running', tokensGenerated: 0 });
      await recoverStaleTasks();
      expect(await getBalances(database.db, unrecorded.user.id)).toEqual({
        available: DEPOSIT,
        reserved: 0n,
      });
      expect((await auditLedger(database.db)).ok).toBe(true);
    });
  },
);
