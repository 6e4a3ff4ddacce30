import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { toErrorResponse } from '../../errors/toErrorResponse.js';
import type { AppEnv } from '../../http/appEnv.js';
import { errorResponses, jsonBody, jsonRequestBody } from '../../http/openapi.js';
import { streamServerSentEvents } from '../../http/streamServerSentEvents.js';
import type { ChatModelRegistry, ProvidedChatRun } from './ChatModelRegistry.js';
import { createSseEventWriter } from './createSseEventWriter.js';
import { type OpenAiRequestBody, openAiInferenceRequest } from './openAiInferenceRequest.js';
import {
  ChatCompletionRequestSchema,
  CompletionRequestSchema,
  FarCostSchema,
  GenerateRequestSchema,
  type UsageSchema,
} from './openAiSchemas.js';
import { formatFixed } from './priceTokens.js';
import {
  type InferenceDependencies,
  type InferenceOutcome,
  type InferenceRun,
  startInference,
} from './startInference.js';

const sseOrJson = (schema: z.ZodType, description: string) => ({
  description,
  content: {
    'application/json': { schema },
    'text/event-stream': {
      schema: z.string().openapi({ description: 'chat.completion.chunk events, then [DONE]' }),
    },
  },
});

const chatRoute = createRoute({
  method: 'post',
  path: '/v1/chat/completions',
  tags: ['inference'],
  summary: 'OpenAI-compatible chat completion (streaming with stream: true)',
  security: [{ bearer: [] }],
  request: {
    body: jsonRequestBody(ChatCompletionRequestSchema),
  },
  responses: {
    200: sseOrJson(
      z.object({ id: z.string(), object: z.literal('chat.completion'), far: FarCostSchema }),
      'Completion',
    ),
    402: jsonBody(
      z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
      'Balance too low',
    ),
    503: jsonBody(
      z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
      'No node can serve it',
    ),
    ...errorResponses,
  },
});

const completionRoute = createRoute({
  method: 'post',
  path: '/v1/completions',
  tags: ['inference'],
  summary: 'OpenAI-compatible text completion (streaming with stream: true)',
  security: [{ bearer: [] }],
  request: { body: jsonRequestBody(CompletionRequestSchema) },
  responses: {
    200: sseOrJson(
      z.object({ id: z.string(), object: z.literal('text_completion'), far: FarCostSchema }),
      'Completion',
    ),
    ...errorResponses,
  },
});

const generateRoute = createRoute({
  method: 'post',
  path: '/api/inference/generate',
  tags: ['inference'],
  summary: 'Generate: one prompt, one answer, its cost',
  security: [{ bearer: [] }],
  request: { body: jsonRequestBody(GenerateRequestSchema) },
  responses: {
    200: jsonBody(
      z.object({
        task_id: z.string(),
        result: z.string(),
        tokens_used: z.number().int(),
        cost: z.string().openapi({ description: 'FAR, decimal' }),
        cost_far_wei: z.string(),
        cost_usd: z.string(),
        model: z.string(),
        node_id: z.string(),
      }),
      'The answer',
    ),
    ...errorResponses,
  },
});

/** The FAR cost: `cost_far_wei` is everything the caller paid (a twin's creator fee included). */
function farCost(outcome: InferenceOutcome) {
  const paid = outcome.costFarWei + (outcome.surcharge?.amount ?? 0n);
  const fee = outcome.surcharge;
  return {
    task_id: outcome.taskId,
    node_id: outcome.nodeId,
    cost_far_wei: paid.toString(),
    cost_far: formatFixed(paid, 18),
    cost_usd: outcome.costUsd,
    split_wei: {
      node: outcome.split.node.toString(),
      stakers: outcome.split.stakers.toString(),
      treasury: outcome.split.treasury.toString(),
    },
    ...(fee
      ? {
          inference_cost_far_wei: outcome.costFarWei.toString(),
          creator_fee_wei: {
            total: fee.amount.toString(),
            creator: fee.split.creator.toString(),
            stakers: fee.split.stakers.toString(),
            treasury: fee.split.treasury.toString(),
          },
        }
      : {}),
  };
}

function usage(outcome: InferenceOutcome) {
  return {
    prompt_tokens: outcome.promptTokens,
    completion_tokens: outcome.completionTokens,
    total_tokens: outcome.promptTokens + outcome.completionTokens,
  } satisfies z.infer<typeof UsageSchema>;
}

const finishReason = (o: InferenceOutcome) => (o.finishReason === 'length' ? 'length' : 'stop');

function tagResponse(c: Context, run: InferenceRun) {
  c.header('X-Far-Task-Id', run.taskId);
  c.header('X-Far-Node-Id', run.nodeId);
}

/**
 * Streams a run as OpenAI server-sent events: a role chunk, one chunk per token, a finish chunk,
 * a usage chunk carrying the FAR cost, then `[DONE]`. A node failure mid-stream becomes an
 * `error` event (the OpenAI SDKs raise it), after the tokens already sent. Events that are ready
 * together go out in one write.
 */
function streamRun(c: Context, run: InferenceRun, kind: 'chat' | 'text', provided?: ProvidedChatRun) {
  tagResponse(c, run);
  const fields = provided?.responseFields ?? {};
  const id = `${kind === 'chat' ? 'chatcmpl' : 'cmpl'}-${run.taskId}`;
  const object = kind === 'chat' ? 'chat.completion.chunk' : 'text_completion';
  const created = Math.floor(Date.now() / 1000);
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    JSON.stringify({ id, object, created, model: provided?.modelId ?? run.model.id, choices, ...extra });
  // A token's chunk is the same JSON every time but for its text: encode the rest once, around a
  // marker no id or model name can hold (JSON writes U+0000 escaped), and splice each text in.
  const marker = '\u0000token\u0000';
  const [before = '', after = ''] = chunk([
    kind === 'chat'
      ? { index: 0, delta: { content: marker }, finish_reason: null }
      : { index: 0, text: marker, logprobs: null, finish_reason: null },
  ]).split(JSON.stringify(marker));
  const tokenChunk = (text: string) => before + JSON.stringify(text) + after;
  return streamServerSentEvents(c, async (stream) => {
    stream.onAbort(() => {
      void run.tokens.return?.(undefined);
    });
    const events = createSseEventWriter(stream);
    run.trackDelivery(events);
    if (kind === 'chat') {
      events.send(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]));
    }
    try {
      for await (const batch of run.tokens) {
        if (stream.aborted) break;
        for (const token of batch) events.send(tokenChunk(token.text), token.billable ? 1 : 0);
      }
    } catch (error) {
      const outcome = await run.outcome.catch(() => undefined);
      const { body } = toErrorResponse(error);
      events.send(
        JSON.stringify({
          ...body,
          ...(outcome ? { far: farCost(outcome), usage: usage(outcome) } : {}),
        }),
      );
      events.send('[DONE]');
      await events.flush();
      return;
    }
    let outcome: InferenceOutcome;
    try {
      outcome = await run.outcome;
    } catch (error) {
      // Every token went out but the bill could not be recorded (the reservation stays open for
      // the recovery to close): say so instead of ending the stream without its usage chunk.
      if (stream.aborted) return;
      events.send(JSON.stringify(toErrorResponse(error).body));
      events.send('[DONE]');
      await events.flush();
      return;
    }
    if (stream.aborted) return;
    const done =
      kind === 'chat'
        ? { index: 0, delta: {}, finish_reason: finishReason(outcome) }
        : { index: 0, text: '', logprobs: null, finish_reason: finishReason(outcome) };
    events.send(chunk([done]));
    events.send(chunk([], { usage: usage(outcome), far: farCost(outcome), ...fields }));
    events.send('[DONE]');
    await events.flush();
  });
}

async function collect(run: InferenceRun) {
  let text = '';
  for await (const batch of run.tokens) for (const token of batch) text += token.text;
  return { text, outcome: await run.outcome };
}

/** The OpenAI-compatible `/v1` inference endpoints and the simpler `/api/inference/generate`. */
export function inferenceRoutes(options: {
  deps: InferenceDependencies;
  /** Services that serve chat model ids of their own (`twin:…`) through this endpoint. */
  chatModels?: ChatModelRegistry | undefined;
  requireCaller: MiddlewareHandler<AppEnv>;
}) {
  const { deps } = options;
  const app = new OpenAPIHono<AppEnv>();
  app.use('/v1/chat/completions', options.requireCaller);
  app.use('/v1/completions', options.requireCaller);
  app.use('/api/inference/generate', options.requireCaller);

  /** Starts a run for an OpenAI-style body; chat sends `messages`, text completion a `prompt`. */
  const startFromBody = (c: Context<AppEnv>, body: OpenAiRequestBody) => {
    const caller = c.get('caller');
    return startInference(deps, {
      userId: caller.userId,
      walletAddress: caller.walletAddress,
      apiKeyId: caller.apiKeyId,
      request: openAiInferenceRequest(body),
      signal: c.req.raw.signal,
      deliveredWhole: !body.stream,
    });
  };

  /** The non-streamed OpenAI response: one choice, usage, and the FAR cost. */
  const completeFromRun = async (
    c: Context<AppEnv>,
    run: InferenceRun,
    kind: 'chat' | 'text',
    provided?: ProvidedChatRun,
  ) => {
    tagResponse(c, run);
    const { text, outcome } = await collect(run);
    const choice =
      kind === 'chat'
        ? {
            index: 0,
            message: { role: 'assistant', content: text },
            finish_reason: finishReason(outcome),
            logprobs: null,
          }
        : { index: 0, text, logprobs: null, finish_reason: finishReason(outcome) };
    return {
      id: `${kind === 'chat' ? 'chatcmpl' : 'cmpl'}-${run.taskId}`,
      object: kind === 'chat' ? ('chat.completion' as const) : ('text_completion' as const),
      created: Math.floor(Date.now() / 1000),
      model: provided?.modelId ?? run.model.id,
      choices: [choice],
      usage: usage(outcome),
      far: farCost(outcome),
      ...provided?.responseFields,
    };
  };

  app.openapi(chatRoute, async (c) => {
    const body = c.req.valid('json');
    const provider = options.chatModels?.find(body.model);
    if (provider) {
      const caller = c.get('caller');
      const provided = await provider.start(
        {
          userId: caller.userId,
          walletAddress: caller.walletAddress,
          apiKeyId: caller.apiKeyId,
          request: openAiInferenceRequest(body),
          signal: c.req.raw.signal,
          deliveredWhole: !body.stream,
          headers: c.req.raw.headers,
        },
        (input) => startInference(deps, input),
      );
      if (body.stream) return streamRun(c, provided.run, 'chat', provided) as never;
      return c.json((await completeFromRun(c, provided.run, 'chat', provided)) as never, 200);
    }
    const run = await startFromBody(c, body);
    if (body.stream) return streamRun(c, run, 'chat') as never;
    return c.json((await completeFromRun(c, run, 'chat')) as never, 200);
  });

  app.openapi(completionRoute, async (c) => {
    const body = c.req.valid('json');
    const run = await startFromBody(c, body);
    if (body.stream) return streamRun(c, run, 'text') as never;
    return c.json((await completeFromRun(c, run, 'text')) as never, 200);
  });

  app.openapi(generateRoute, async (c) => {
    const body = c.req.valid('json');
    const caller = c.get('caller');
    const run = await startInference(deps, {
      userId: caller.userId,
      walletAddress: caller.walletAddress,
      apiKeyId: caller.apiKeyId,
      request: {
        model: body.model_id,
        messages: [{ role: 'user', content: body.prompt }],
        maxTokens: body.max_tokens,
        temperature: body.temperature,
      },
      signal: c.req.raw.signal,
      deliveredWhole: true,
    });
    tagResponse(c, run);
    const { text, outcome } = await collect(run);
    return c.json(
      {
        task_id: run.taskId,
        result: text,
        tokens_used: outcome.promptTokens + outcome.completionTokens,
        cost: formatFixed(outcome.costFarWei, 18),
        cost_far_wei: outcome.costFarWei.toString(),
        cost_usd: outcome.costUsd,
        model: run.model.id,
        node_id: outcome.nodeId,
      },
      200,
    );
  });

  return app;
}
