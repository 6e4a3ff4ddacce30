import type { z } from '@hono/zod-openapi';
import { EmbeddingsRequestSchema } from '../embeddings/embeddingSchemas.js';
import { ChatCompletionRequestSchema, CompletionRequestSchema } from '../openAiSchemas.js';
import { BATCH_ENDPOINTS, BATCH_LIMITS, type BatchEndpoint } from './batchLimits.js';

/** One request of a batch input file, as its line gave it. */
export type BatchInputRequest = {
  /** 1-based line number in the file. */
  line: number;
  customId: string;
  url: BatchEndpoint;
  /** The body as sent (parsed again by the runner, which applies the endpoint's defaults). */
  body: Record<string, unknown>;
};

/** Why a line was refused, with its 1-based number. */
export type BatchLineError = { line: number; message: string };

export type ParsedBatchInput =
  | { ok: true; requests: BatchInputRequest[]; url: BatchEndpoint }
  | { ok: false; errors: BatchLineError[] };

const bodySchemas: Record<BatchEndpoint, z.ZodType> = {
  '/v1/chat/completions': ChatCompletionRequestSchema,
  '/v1/completions': CompletionRequestSchema,
  '/v1/embeddings': EmbeddingsRequestSchema,
};

/**
 * Reads a Batch API input file: JSON Lines of `{custom_id, method: "POST", url, body}`, every line
 * to the same endpoint, custom ids unique, and each body valid for its endpoint (as the interactive
 * route would validate it; `stream` must not be set). Blank lines are skipped (a trailing newline).
 *
 * @param text - the file's content.
 * @returns the requests, or the first {@link BATCH_LIMITS}.maxReportedErrors line errors.
 * @example
 * parseBatchInput('{"custom_id":"a","method":"POST","url":"/v1/embeddings","body":{"model":"far-demo","input":"hi"}}')
 * // { ok: true, url: '/v1/embeddings', requests: [{ line: 1, customId: 'a', … }] }
 */
export function parseBatchInput(text: string): ParsedBatchInput {
  const requests: BatchInputRequest[] = [];
  const errors: BatchLineError[] = [];
  const seen = new Set<string>();
  let url: BatchEndpoint | undefined;
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    if (errors.length >= BATCH_LIMITS.maxReportedErrors) break;
    const line = index + 1;
    if (raw.trim() === '') continue;
    const parsed = parseLine(raw);
    if (typeof parsed === 'string') {
      errors.push({ line, message: parsed });
      continue;
    }
    url ??= parsed.url;
    if (parsed.url !== url) {
      errors.push({ line, message: `url: every line must call the same endpoint (line 1 calls ${url})` });
    } else if (seen.has(parsed.customId)) {
      errors.push({ line, message: `custom_id: "${parsed.customId}" is used by an earlier line` });
    } else {
      seen.add(parsed.customId);
      requests.push({ line, ...parsed });
    }
  }
  if (errors.length === 0 && requests.length > BATCH_LIMITS.maxRequests) {
    errors.push({
      line: requests[BATCH_LIMITS.maxRequests]?.line ?? 0,
      message: `a file holds at most ${BATCH_LIMITS.maxRequests} requests`,
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  if (!url) return { ok: false, errors: [{ line: 1, message: 'the file holds no request' }] };
  return { ok: true, requests, url };
}

/** One line's request, or why it is refused. */
function parseLine(raw: string): Omit<BatchInputRequest, 'line'> | string {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return 'not valid JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const { custom_id: customId, method, url, body } = value as Record<string, unknown>;
  if (typeof customId !== 'string' || customId.length === 0)
    return 'custom_id: a non-empty string is required';
  if (customId.length > BATCH_LIMITS.maxCustomIdLength) {
    return `custom_id: at most ${BATCH_LIMITS.maxCustomIdLength} characters`;
  }
  if (method !== 'POST') return 'method: must be "POST"';
  if (!BATCH_ENDPOINTS.includes(url as BatchEndpoint))
    return `url: must be one of ${BATCH_ENDPOINTS.join(', ')}`;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return 'body: a JSON object is required';
  if ((body as { stream?: unknown }).stream === true) return 'body.stream: a batch request cannot stream';
  const checked = bodySchemas[url as BatchEndpoint].safeParse(body);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return `body.${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`;
  }
  return { customId, url: url as BatchEndpoint, body: body as Record<string, unknown> };
}
