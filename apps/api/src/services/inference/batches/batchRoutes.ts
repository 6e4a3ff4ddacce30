import { batches, type Db } from '@far/db';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { and, desc, eq, lt, or } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { BaseError } from '../../../errors/BaseError.js';
import type { AppEnv } from '../../../http/appEnv.js';
import { ErrorSchema, errorResponses, jsonBody, jsonRequestBody } from '../../../http/openapi.js';
import { batchFileRoutes } from './batchFileRoutes.js';
import { newBatchId } from './batchIds.js';
import { BATCH_COMPLETION_WINDOW_MS } from './batchLimits.js';
import { BatchSchema, CreateBatchRequestSchema, IdParams, ListQuery, listOf } from './batchSchemas.js';
import { cancelBatch } from './cancelBatch.js';
import { findOwnBatchFile } from './findOwnBatchFile.js';
import { toBatchObjects } from './toBatchObject.js';

const tags = ['batch'];
const security = [{ bearer: [] }];

const createBatchRoute = createRoute({
  method: 'post',
  path: '/v1/batches',
  tags,
  summary: 'Run an uploaded file of requests as a batch: on spare capacity, within 24 hours, at a discount',
  security,
  request: { body: jsonRequestBody(CreateBatchRequestSchema) },
  responses: {
    ...errorResponses,
    200: jsonBody(BatchSchema, 'Created (validating)'),
    400: jsonBody(ErrorSchema, 'The file is not a batch input, or calls another endpoint'),
    404: jsonBody(ErrorSchema, 'No such file'),
  },
});
const listBatchesRoute = createRoute({
  method: 'get',
  path: '/v1/batches',
  tags,
  summary: "The caller's batches, newest first",
  security,
  request: { query: ListQuery },
  responses: { 200: jsonBody(listOf(BatchSchema), 'Batches'), ...errorResponses },
});
const getBatchRoute = createRoute({
  method: 'get',
  path: '/v1/batches/{id}',
  tags,
  summary: 'A batch, with its request counts and cost so far',
  security,
  request: { params: IdParams },
  responses: {
    200: jsonBody(BatchSchema, 'The batch'),
    404: jsonBody(ErrorSchema, 'No such batch'),
    ...errorResponses,
  },
});
const cancelBatchRoute = createRoute({
  method: 'post',
  path: '/v1/batches/{id}/cancel',
  tags,
  summary: 'Cancel a batch: requests not yet run are cancelled, those running are stopped unbilled',
  security,
  request: { params: IdParams },
  responses: {
    200: jsonBody(BatchSchema, 'Cancelling'),
    404: jsonBody(ErrorSchema, 'No such batch'),
    409: jsonBody(ErrorSchema, 'The batch has already ended'),
    ...errorResponses,
  },
});

/**
 * OpenAI's Batch API over the ledger: `POST|GET /v1/batches`, `GET /v1/batches/{id}` and
 * `POST /v1/batches/{id}/cancel`, with the Files API its batches read from and write to
 * ({@link batchFileRoutes}). Each caller sees only its own batches; the runner
 * (`createBatchRunner`) does the work.
 *
 * @param options - the database, the discount new batches get, and the caller authentication.
 * @returns the routes.
 */
export function batchRoutes(options: {
  db: Db;
  discountBps: number;
  requireCaller: MiddlewareHandler<AppEnv>;
}) {
  const { db } = options;
  const app = new OpenAPIHono<AppEnv>();
  app.use('/v1/batches', options.requireCaller);
  app.use('/v1/batches/*', options.requireCaller);
  const ownFile = (userId: string, id: string) => findOwnBatchFile(db, userId, id);
  const ownBatch = async (userId: string, id: string) => {
    const [batch] = await db
      .select()
      .from(batches)
      .where(and(eq(batches.id, id), eq(batches.userId, userId)));
    if (!batch) throw new BaseError('not_found', `No such batch: ${id}`, { details: { field: 'id' } });
    return batch;
  };

  app.openapi(createBatchRoute, async (c) => {
    const body = c.req.valid('json');
    const caller = c.get('caller');
    const file = await ownFile(caller.userId, body.input_file_id);
    if (file.purpose !== 'batch') {
      throw new BaseError('bad_request', `File ${file.id} is a batch's results, not a batch input`, {
        details: { field: 'input_file_id' },
      });
    }
    const firstLine = file.content.split('\n').find((l) => l.trim() !== '') ?? '{}';
    const url = (JSON.parse(firstLine) as { url?: string }).url;
    if (url !== body.endpoint) {
      throw new BaseError('bad_request', `The file's requests call ${url}, not ${body.endpoint}`, {
        details: { field: 'endpoint' },
      });
    }
    const createdAt = new Date();
    const [batch] = await db
      .insert(batches)
      .values({
        id: newBatchId(),
        userId: caller.userId,
        apiKeyId: caller.apiKeyId,
        endpoint: body.endpoint,
        inputFileId: file.id,
        completionWindow: body.completion_window,
        metadata: body.metadata ?? null,
        discountBps: options.discountBps,
        createdAt,
        expiresAt: new Date(createdAt.getTime() + BATCH_COMPLETION_WINDOW_MS),
      })
      .returning();
    const [object] = await toBatchObjects(db, [batch as NonNullable<typeof batch>]);
    return c.json(object as NonNullable<typeof object>, 200);
  });

  app.openapi(listBatchesRoute, async (c) => {
    const { after, limit } = c.req.valid('query');
    const userId = c.get('caller').userId;
    const cursor = after ? await ownBatch(userId, after) : undefined;
    const rows = await db
      .select()
      .from(batches)
      .where(
        and(
          eq(batches.userId, userId),
          cursor
            ? or(
                lt(batches.createdAt, cursor.createdAt),
                and(eq(batches.createdAt, cursor.createdAt), lt(batches.id, cursor.id)),
              )
            : undefined,
        ),
      )
      .orderBy(desc(batches.createdAt), desc(batches.id))
      .limit(limit + 1);
    const data = await toBatchObjects(db, rows.slice(0, limit));
    return c.json(
      {
        object: 'list' as const,
        data,
        first_id: data[0]?.id ?? null,
        last_id: data.at(-1)?.id ?? null,
        has_more: rows.length > limit,
      },
      200,
    );
  });

  app.openapi(getBatchRoute, async (c) => {
    const batch = await ownBatch(c.get('caller').userId, c.req.valid('param').id);
    const [object] = await toBatchObjects(db, [batch]);
    return c.json(object as NonNullable<typeof object>, 200);
  });

  app.openapi(cancelBatchRoute, async (c) => {
    const batch = await ownBatch(c.get('caller').userId, c.req.valid('param').id);
    const [object] = await toBatchObjects(db, [await cancelBatch(db, batch)]);
    return c.json(object as NonNullable<typeof object>, 200);
  });

  return app.route('/', batchFileRoutes({ db, requireCaller: options.requireCaller }));
}
