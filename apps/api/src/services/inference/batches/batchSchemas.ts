import { z } from '@hono/zod-openapi';
import { BATCH_COMPLETION_WINDOW, BATCH_ENDPOINTS, BATCH_LIMITS } from './batchLimits.js';

export const IdParams = z.object({ id: z.string().min(1).max(64) });

/** A page of OpenAI's list shape, newest first. */
export const listOf = <T extends z.ZodType>(schema: T) =>
  z.object({
    object: z.literal('list'),
    data: z.array(schema),
    first_id: z.string().nullable(),
    last_id: z.string().nullable(),
    has_more: z.boolean(),
  });

/** `after` (the last id of the previous page) and `limit`, as OpenAI's list endpoints take them. */
export const ListQuery = z.object({
  after: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** A file of the Batch API, OpenAI's `file` object. */
export const BatchFileSchema = z
  .object({
    id: z.string().openapi({ example: 'file-6f1c2a9b0d4e8f7a6b5c4d3e' }),
    object: z.literal('file'),
    bytes: z.int(),
    created_at: z.int().openapi({ description: 'Unix seconds' }),
    filename: z.string(),
    purpose: z.enum(['batch', 'batch_output']),
    status: z.literal('processed'),
    expires_at: z
      .int()
      .openapi({ description: 'Unix seconds: from then on the file is gone (404 file_expired)' }),
    far: z.object({ line_count: z.int() }),
  })
  .openapi('BatchFile');

export const UploadBatchFileSchema = z.object({
  file: z
    .custom<File>((v) => v instanceof File, 'a file')
    .openapi({
      type: 'string',
      format: 'binary',
      description: `JSON Lines, one request per line: {"custom_id", "method": "POST", "url", "body"}; at most ${BATCH_LIMITS.maxRequests} lines and ${BATCH_LIMITS.maxFileBytes / (1024 * 1024)} MiB`,
    }),
  purpose: z.literal('batch', { error: 'purpose: only "batch" files can be uploaded' }),
  // OpenAI's expiration policy, as multipart fields: anchored at creation, 1 hour to 30 days.
  'expires_after[anchor]': z
    .literal('created_at', { error: 'expires_after[anchor]: only "created_at"' })
    .optional(),
  'expires_after[seconds]': z.coerce
    .number()
    .int()
    .min(BATCH_LIMITS.minFileExpirySeconds)
    .max(BATCH_LIMITS.maxFileExpirySeconds)
    .optional()
    .openapi({ description: 'Seconds after creation the file expires (default 30 days)' }),
});

const metadataSchema = z
  .record(
    z.string().min(1).max(BATCH_LIMITS.maxMetadataKeyLength),
    z.string().max(BATCH_LIMITS.maxMetadataValueLength),
  )
  .refine((m) => Object.keys(m).length <= BATCH_LIMITS.maxMetadataKeys, {
    message: `at most ${BATCH_LIMITS.maxMetadataKeys} keys`,
  });

export const CreateBatchRequestSchema = z
  .object({
    input_file_id: z.string().min(1).max(64),
    endpoint: z.enum(BATCH_ENDPOINTS),
    completion_window: z.literal(BATCH_COMPLETION_WINDOW, {
      error: 'completion_window: only "24h" is offered',
    }),
    metadata: metadataSchema.nullish(),
  })
  .openapi('CreateBatchRequest');

const timestamp = z.int().nullable().openapi({ description: 'Unix seconds' });

/** OpenAI's `batch` object, plus `far`: the discount and what the batch has cost so far. */
export const BatchSchema = z
  .object({
    id: z.string().openapi({ example: 'batch_6f1c2a9b0d4e8f7a6b5c4d3e' }),
    object: z.literal('batch'),
    endpoint: z.string(),
    errors: z
      .object({
        object: z.literal('list'),
        data: z.array(
          z.object({
            code: z.string(),
            message: z.string(),
            param: z.string().nullable(),
            line: z.int().nullable(),
          }),
        ),
      })
      .nullable(),
    input_file_id: z.string(),
    completion_window: z.string(),
    status: z.enum([
      'validating',
      'failed',
      'in_progress',
      'finalizing',
      'completed',
      'expired',
      'cancelling',
      'cancelled',
    ]),
    output_file_id: z.string().nullable(),
    error_file_id: z.string().nullable(),
    created_at: z.int(),
    in_progress_at: timestamp,
    expires_at: timestamp,
    finalizing_at: timestamp,
    completed_at: timestamp,
    failed_at: timestamp,
    expired_at: timestamp,
    cancelling_at: timestamp,
    cancelled_at: timestamp,
    request_counts: z.object({ total: z.int(), completed: z.int(), failed: z.int() }),
    metadata: z.record(z.string(), z.string()).nullable(),
    far: z.object({
      discount_bps: z.int(),
      cost_far_wei: z.string().openapi({ description: 'What the completed requests were billed, in wei' }),
    }),
  })
  .openapi('Batch');

export type BatchObject = z.infer<typeof BatchSchema>;
