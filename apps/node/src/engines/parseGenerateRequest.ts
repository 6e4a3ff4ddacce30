import { InferenceRequestFields, withInferenceRequestRules } from '@far/protocol';
import { z } from 'zod';
import type { GenerateRequest } from './engine.js';
import { EngineError } from './engineError.js';

/**
 * The engine boundary: the inference request with the protocol's one set of limits, plus the
 * signal. The agent hands engines what the wire boundary already checked; an engine used on its own
 * (the bench, a script) still refuses a malformed request with a typed error.
 */
const generateRequestSchema = withInferenceRequestRules(
  z.strictObject({ ...InferenceRequestFields, signal: z.instanceof(AbortSignal).optional() }),
);

/**
 * Validates a generate request at the engine boundary.
 * @param input the request as received
 * @returns the typed request, holding only the fields given
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
  return parsed.data;
}
