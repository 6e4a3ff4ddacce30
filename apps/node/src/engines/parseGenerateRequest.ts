import { z } from 'zod';
import type { GenerateRequest } from './engine.js';
import { EngineError } from './engineError.js';

const chatMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
});

/** The engine boundary: the agent passes coordinator data through, so it is checked once here. */
export const generateRequestSchema = z
  .object({
    model: z.string().min(1),
    messages: z.array(chatMessageSchema).min(1).optional(),
    prompt: z.string().optional(),
    maxTokens: z.number().int().min(1).max(1_000_000),
    temperature: z.number().min(0).max(2),
    topP: z.number().gt(0).max(1).optional(),
    seed: z.number().int().min(0).max(0xffffffff).optional(),
    stop: z.array(z.string().min(1)).max(16).optional(),
    signal: z.instanceof(AbortSignal).optional(),
  })
  .refine((req) => (req.messages === undefined) !== (req.prompt === undefined), {
    message: 'exactly one of messages or prompt is required',
  });

/**
 * Validates a generate request at the engine boundary.
 * @param input the request as received
 * @returns the typed request
 * @throws EngineError `INVALID_REQUEST` naming the offending field
 * @example
 * const req = parseGenerateRequest({ model: 'far-demo', prompt: 'The', maxTokens: 8, temperature: 0 });
 */
export function parseGenerateRequest(input: unknown): GenerateRequest {
  const parsed = generateRequestSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'request';
    throw new EngineError('INVALID_REQUEST', `${field}: ${issue?.message ?? 'invalid'}`, {
      cause: parsed.error,
    });
  }
  const { messages, prompt, topP, seed, stop, signal, ...rest } = parsed.data;
  return {
    ...rest,
    ...(messages === undefined ? {} : { messages }),
    ...(prompt === undefined ? {} : { prompt }),
    ...(topP === undefined ? {} : { topP }),
    ...(seed === undefined ? {} : { seed }),
    ...(stop === undefined ? {} : { stop }),
    ...(signal === undefined ? {} : { signal }),
  };
}
