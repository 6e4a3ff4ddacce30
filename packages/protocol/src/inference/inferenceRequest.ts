import { z } from 'zod';
import { NodeModelIdSchema } from '../node/nodeWireFields.js';
import { INFERENCE_LIMITS as L } from './inferenceLimits.js';

/** One chat turn, as in OpenAI's chat API (`developer` is mapped to `system` before it gets here). */
export const InferenceChatMessageSchema = z.strictObject({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string().max(L.maxContentLength),
});
export type InferenceChatMessage = z.infer<typeof InferenceChatMessageSchema>;

/**
 * The fields of an inference request, for schemas that embed it (the node protocol's `task.assign`
 * spreads them beside its `type` and `taskId`). Validate with {@link InferenceRequestSchema} or a
 * schema passed through {@link withInferenceRequestRules}, never with these fields alone.
 */
export const InferenceRequestFields = {
  model: NodeModelIdSchema,
  messages: z.array(InferenceChatMessageSchema).min(1).max(L.maxMessages).optional(),
  prompt: z.string().max(L.maxContentLength).optional(),
  maxTokens: z.int().min(1).max(L.maxTokens),
  /** 0 = greedy (deterministic). */
  temperature: z.number().min(0).max(2),
  topP: z.number().gt(0).max(1).optional(),
  seed: z.int().min(0).max(L.maxSeed).optional(),
  /** Generation ends before the first occurrence of any of these; the stop text is not emitted. */
  stop: z.array(z.string().min(1).max(L.maxStopLength)).max(L.maxStopSequences).optional(),
};

type InferenceInput = { messages?: InferenceChatMessage[] | undefined; prompt?: string | undefined };

/**
 * Adds the rules that span fields: exactly one of `messages` (chat) or `prompt` (raw completion),
 * and a bound on all chat messages together.
 *
 * @param schema - an object schema holding {@link InferenceRequestFields}.
 * @returns the same schema with the cross-field rules.
 * @example
 * const Assign = withInferenceRequestRules(z.strictObject({ taskId: z.string(), ...InferenceRequestFields }));
 */
export function withInferenceRequestRules<T extends z.ZodType<InferenceInput>>(schema: T): T {
  return schema
    .refine((r) => (r.messages === undefined) !== (r.prompt === undefined), {
      message: 'exactly one of messages or prompt is required',
    })
    .refine((r) => (r.messages ?? []).reduce((n, x) => n + x.content.length, 0) <= L.maxTotalContentLength, {
      message: `messages exceed ${L.maxTotalContentLength} characters in total`,
    });
}

/**
 * One inference request: what to generate and how, the same from the HTTP API through the
 * dispatcher and the node protocol to a node's engine. A chat whose last message is the
 * assistant's, or a `prompt`, is continued in place rather than answered in a new turn: that is how
 * a task resumes on another node mid-stream.
 */
export const InferenceRequestSchema = withInferenceRequestRules(z.strictObject(InferenceRequestFields));
export type InferenceRequest = z.infer<typeof InferenceRequestSchema>;
