import { batchRequests, type Db } from '@far/db';
import { and, eq, sql } from 'drizzle-orm';
import { BaseError } from '../../../errors/BaseError.js';
import { toErrorResponse } from '../../../errors/toErrorResponse.js';
import {
  type CreateEmbeddingsInput,
  createEmbeddings,
  type EmbeddingDependencies,
} from '../embeddings/createEmbeddings.js';
import { EmbeddingsRequestSchema } from '../embeddings/embeddingSchemas.js';
import { encodeEmbedding } from '../embeddings/encodeEmbedding.js';
import { readEmbeddingInputs } from '../embeddings/readEmbeddingInputs.js';
import type { InferenceOutcome } from '../finishInferenceTask.js';
import { openAiInferenceRequest } from '../openAiInferenceRequest.js';
import { ChatCompletionRequestSchema, CompletionRequestSchema } from '../openAiSchemas.js';
import { type InferenceDependencies, startInference } from '../startInference.js';
import { batchTaskId } from './batchIds.js';
import type { BatchEndpoint } from './batchLimits.js';
import { batchFarCost, completionResponseBody } from './batchResponseBody.js';

/** A request a runner claimed, with what it needs of its batch and owner. */
export type ClaimedBatchRequest = {
  batchId: string;
  customId: string;
  /** This attempt's number (the claim counted it). */
  attempt: number;
  url: BatchEndpoint;
  body: Record<string, unknown>;
  userId: string;
  walletAddress: `0x${string}`;
  apiKeyId: string | null;
  discountBps: number;
};

export type RunBatchRequestDependencies = {
  db: Db;
  inference: InferenceDependencies;
  /** Absent where the process has no embeddings gateway: embedding requests then fail. */
  embeddings?: EmbeddingDependencies | undefined;
  runnerId: string;
  /** Attempts before a request that keeps failing on the network is given up (default 5). */
  maxAttempts?: number | undefined;
  /** The first retry's wait; each next one doubles, up to a minute (default 1 s). */
  retryBaseMs?: number | undefined;
};

/** How one attempt ended, for the runner's bookkeeping (the row already says it). */
export type BatchRequestResult = 'completed' | 'failed' | 'retry' | 'released' | 'lost';

/** The request's row was taken over by another attempt: this one's bill must not commit. */
class BatchRequestTakenOverError extends Error {
  override name = 'BatchRequestTakenOverError';
}

/**
 * Runs one claimed batch request as a paid task through the interactive money path
 * (`startInference` / `createEmbeddings`): the task's id is derived from (batch, custom_id,
 * attempt), its price has the batch's discount, and its result is written to the request's row in
 * the very transaction that bills it, on condition that the row is still this attempt's. So a
 * request is billed exactly once: an attempt whose row was taken over (its runner stalled past
 * the lease) rolls its own charge back, and a node that dies mid-answer fails over inside the task
 * (one task, one bill) or fails it unbilled (the answer was never delivered whole) for a retry.
 *
 * @param deps - the money path, the runner's id and the retry policy.
 * @param claimed - the request and its batch.
 * @param signal - aborted to stop it (the batch was cancelled, or the runner is closing).
 * @returns how the attempt ended.
 */
export async function runBatchRequest(
  deps: RunBatchRequestDependencies,
  claimed: ClaimedBatchRequest,
  signal: AbortSignal,
): Promise<BatchRequestResult> {
  const taskId = batchTaskId(claimed.batchId, claimed.customId, claimed.attempt);
  const mine = and(
    eq(batchRequests.batchId, claimed.batchId),
    eq(batchRequests.customId, claimed.customId),
    eq(batchRequests.attempts, claimed.attempt),
    eq(batchRequests.status, 'running'),
  );
  const complete = async (tx: Db, response: Record<string, unknown>) => {
    const updated = await tx
      .update(batchRequests)
      .set({
        status: 'completed',
        taskId,
        response,
        completedAt: new Date(),
        claimedBy: null,
        claimedUntil: null,
      })
      .where(mine)
      .returning({ customId: batchRequests.customId });
    if (updated.length === 0)
      throw new BatchRequestTakenOverError(`batch request ${claimed.customId} was taken over`);
  };
  const caller = {
    userId: claimed.userId,
    walletAddress: claimed.walletAddress,
    apiKeyId: claimed.apiKeyId ?? undefined,
    taskId,
    discountBps: claimed.discountBps,
    signal,
  };
  try {
    const completed =
      claimed.url === '/v1/embeddings'
        ? await runEmbeddings(deps, claimed, caller, complete)
        : await runCompletion(deps, claimed, caller, complete);
    if (completed) return 'completed';
    throw signal.aborted ? signal.reason : new Error('the task did not complete');
  } catch (error) {
    if (error instanceof BatchRequestTakenOverError) return 'lost';
    return afterFailure(deps, claimed, mine, error, signal);
  }
}

type Caller = Omit<CreateEmbeddingsInput, 'model' | 'input' | 'dimensions'> & {
  taskId: string;
  discountBps: number;
};

/** A chat or text completion; true once billed with its result written. */
async function runCompletion(
  deps: RunBatchRequestDependencies,
  claimed: ClaimedBatchRequest,
  caller: Caller,
  complete: (tx: Db, response: Record<string, unknown>) => Promise<void>,
): Promise<boolean> {
  const url = claimed.url as Exclude<BatchEndpoint, '/v1/embeddings'>;
  const body = (url === '/v1/chat/completions' ? ChatCompletionRequestSchema : CompletionRequestSchema).parse(
    claimed.body,
  );
  let text = '';
  const run = await startInference(deps.inference, {
    ...caller,
    request: openAiInferenceRequest(body),
    deliveredWhole: true,
    settleAlongside: async (tx, outcome: InferenceOutcome) => {
      if (outcome.status !== 'completed') return;
      await complete(tx, {
        status_code: 200,
        request_id: outcome.taskId,
        body: completionResponseBody(url, body.model, text, outcome),
      });
    },
  });
  for await (const batch of run.tokens) for (const token of batch) text += token.text;
  return (await run.outcome).status === 'completed';
}

/** An embeddings request; true once billed with its vectors written. */
async function runEmbeddings(
  deps: RunBatchRequestDependencies,
  claimed: ClaimedBatchRequest,
  caller: Caller,
  complete: (tx: Db, response: Record<string, unknown>) => Promise<void>,
): Promise<boolean> {
  if (!deps.embeddings)
    throw new BaseError('service_unavailable', 'Embeddings are not served by this runner');
  const body = EmbeddingsRequestSchema.parse(claimed.body);
  const base64 = body.encoding_format === 'base64';
  await createEmbeddings(deps.embeddings, {
    ...caller,
    model: body.model,
    input: readEmbeddingInputs(body.input),
    dimensions: body.dimensions,
    settleAlongside: (tx, outcome) =>
      complete(tx, {
        status_code: 200,
        request_id: outcome.taskId,
        body: {
          object: 'list',
          data: outcome.embeddings.map((vector, index) => ({
            object: 'embedding',
            index,
            embedding: base64 ? encodeEmbedding(vector) : vector,
          })),
          model: outcome.model.id,
          usage: { prompt_tokens: outcome.promptTokens, total_tokens: outcome.promptTokens },
          far: batchFarCost(outcome),
        },
      }),
  });
  return true;
}

/** Error codes that another attempt cannot fix: the request fails at once. */
const FINAL_CODES = new Set([
  'bad_request',
  'validation_failed',
  'invalid_text',
  'not_found',
  'insufficient_balance',
  'spending_authorization_required',
]);

/**
 * Records a failed attempt (nothing was billed for it): a request the caller got wrong (or cannot
 * pay for) fails with the interactive API's error; one the network failed waits and is retried
 * until its attempts run out; one stopped by the runner's closing is released to any runner.
 */
async function afterFailure(
  deps: RunBatchRequestDependencies,
  claimed: ClaimedBatchRequest,
  mine: ReturnType<typeof and>,
  error: unknown,
  signal: AbortSignal,
): Promise<BatchRequestResult> {
  const { db } = deps;
  const release = { claimedBy: null, claimedUntil: null };
  if (signal.aborted) {
    // Cancelled batches are finished by the runner; a closing runner hands the request back.
    await db
      .update(batchRequests)
      .set({ status: 'pending', ...release })
      .where(mine);
    return 'released';
  }
  const response = toErrorResponse(error);
  const final = error instanceof BaseError && FINAL_CODES.has(error.code);
  const maxAttempts = deps.maxAttempts ?? 5;
  if (!final && claimed.attempt < maxAttempts) {
    const waitMs = Math.min(60_000, (deps.retryBaseMs ?? 1_000) * 2 ** (claimed.attempt - 1));
    await db
      .update(batchRequests)
      .set({
        status: 'pending',
        claimedBy: null,
        claimedUntil: sql`now() + make_interval(secs => ${waitMs / 1000})`,
      })
      .where(mine);
    return 'retry';
  }
  await db
    .update(batchRequests)
    .set({
      status: 'failed',
      taskId: batchTaskId(claimed.batchId, claimed.customId, claimed.attempt),
      ...release,
      completedAt: new Date(),
      response: {
        status_code: response.status,
        request_id: batchTaskId(claimed.batchId, claimed.customId, claimed.attempt),
        body: response.body,
      },
    })
    .where(mine);
  return 'failed';
}
