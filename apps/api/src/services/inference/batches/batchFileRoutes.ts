import { batchFiles, type Db } from '@far/db';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, desc, eq, gt, lt, or } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { BaseError } from '../../../errors/BaseError.js';
import type { AppEnv } from '../../../http/appEnv.js';
import { ErrorSchema, errorResponses, jsonBody } from '../../../http/openapi.js';
import { newBatchFileId } from './batchIds.js';
import { BATCH_LIMITS } from './batchLimits.js';
import { BatchFileSchema, IdParams, ListQuery, listOf, UploadBatchFileSchema } from './batchSchemas.js';
import { findOwnBatchFile } from './findOwnBatchFile.js';
import { parseBatchInput } from './parseBatchInput.js';

const tags = ['batch'];
const security = [{ bearer: [] }];

const uploadRoute = createRoute({
  method: 'post',
  path: '/v1/files',
  tags,
  summary:
    'Upload a batch input file (JSON Lines of requests; every line is checked, errors name their line)',
  security,
  request: {
    body: { required: true, content: { 'multipart/form-data': { schema: UploadBatchFileSchema } } },
  },
  responses: {
    ...errorResponses,
    200: jsonBody(BatchFileSchema, 'Stored'),
    400: jsonBody(ErrorSchema, 'A line is invalid: `details.lines` lists the first ones with their numbers'),
    413: jsonBody(ErrorSchema, 'Too large'),
  },
});
const listFilesRoute = createRoute({
  method: 'get',
  path: '/v1/files',
  tags,
  summary: "The caller's batch files (inputs and results), newest first",
  security,
  request: { query: ListQuery },
  responses: { 200: jsonBody(listOf(BatchFileSchema), 'Files'), ...errorResponses },
});
const getFileRoute = createRoute({
  method: 'get',
  path: '/v1/files/{id}',
  tags,
  summary: 'A batch file',
  security,
  request: { params: IdParams },
  responses: {
    200: jsonBody(BatchFileSchema, 'The file'),
    404: jsonBody(ErrorSchema, 'No such file (`not_found`), or it expired (`file_expired`)'),
    ...errorResponses,
  },
});
const fileContentRoute = createRoute({
  method: 'get',
  path: '/v1/files/{id}/content',
  tags,
  summary: "A batch file's content (JSON Lines)",
  security,
  request: { params: IdParams },
  responses: {
    200: { description: 'The JSON Lines', content: { 'application/jsonl': { schema: z.string() } } },
    404: jsonBody(ErrorSchema, 'No such file (`not_found`), or it expired (`file_expired`)'),
    ...errorResponses,
  },
});
const deleteFileRoute = createRoute({
  method: 'delete',
  path: '/v1/files/{id}',
  tags,
  summary: 'Delete a batch file (batches that ran from it keep their requests)',
  security,
  request: { params: IdParams },
  responses: {
    200: jsonBody(
      z.object({ id: z.string(), object: z.literal('file'), deleted: z.literal(true) }),
      'Deleted',
    ),
    404: jsonBody(ErrorSchema, 'No such file (`not_found`), or it expired (`file_expired`)'),
    ...errorResponses,
  },
});
type FileRow = typeof batchFiles.$inferSelect;
const fileObject = (f: Omit<FileRow, 'content' | 'userId'>) => ({
  id: f.id,
  object: 'file' as const,
  bytes: f.bytes,
  created_at: Math.floor(f.createdAt.getTime() / 1000),
  filename: f.filename,
  purpose: f.purpose,
  status: 'processed' as const,
  expires_at: Math.floor(f.expiresAt.getTime() / 1000),
  far: { line_count: f.lineCount },
});
const fileColumns = {
  id: batchFiles.id,
  bytes: batchFiles.bytes,
  createdAt: batchFiles.createdAt,
  filename: batchFiles.filename,
  purpose: batchFiles.purpose,
  lineCount: batchFiles.lineCount,
  expiresAt: batchFiles.expiresAt,
};

/**
 * OpenAI's Files API for batches: `POST /v1/files` (every line checked, errors named by line),
 * `GET /v1/files`, `GET|DELETE /v1/files/{id}` and `GET /v1/files/{id}/content`. Each caller sees
 * only its own files: its uploads and the results its batches wrote. Files expire (`expires_at`,
 * 30 days or the upload's `expires_after`): then they are not listed, read as 404 `file_expired`,
 * and the batch worker deletes them (`deleteExpiredBatchFiles`).
 *
 * @param options - the database and the caller authentication.
 * @returns the routes.
 */
export function batchFileRoutes(options: { db: Db; requireCaller: MiddlewareHandler<AppEnv> }) {
  const { db } = options;
  const app = new OpenAPIHono<AppEnv>();
  app.use('/v1/files', options.requireCaller);
  app.use('/v1/files/*', options.requireCaller);
  const ownFile = (userId: string, id: string) => findOwnBatchFile(db, userId, id);

  app.openapi(uploadRoute, async (c) => {
    const { file, 'expires_after[seconds]': expiresAfter } = c.req.valid('form');
    if (file.size > BATCH_LIMITS.maxFileBytes) {
      throw new BaseError(
        'payload_too_large',
        `A batch file holds at most ${BATCH_LIMITS.maxFileBytes} bytes`,
      );
    }
    const content = await file.text();
    const parsed = parseBatchInput(content);
    if (!parsed.ok) {
      const first = parsed.errors[0];
      throw new BaseError('bad_request', `Line ${first?.line}: ${first?.message}`, {
        details: { field: 'file', lines: parsed.errors },
      });
    }
    const [row] = await db
      .insert(batchFiles)
      .values({
        id: newBatchFileId(),
        userId: c.get('caller').userId,
        purpose: 'batch',
        filename: (file.name || 'batch.jsonl').slice(0, BATCH_LIMITS.maxFilenameLength),
        bytes: Buffer.byteLength(content),
        lineCount: parsed.requests.length,
        content,
        // Without `expires_after`, the column's default: 30 days.
        ...(expiresAfter !== undefined ? { expiresAt: new Date(Date.now() + expiresAfter * 1000) } : {}),
      })
      .returning(fileColumns);
    return c.json(fileObject(row as NonNullable<typeof row>), 200);
  });

  app.openapi(listFilesRoute, async (c) => {
    const { after, limit } = c.req.valid('query');
    const userId = c.get('caller').userId;
    const cursor = after ? await ownFile(userId, after) : undefined;
    const rows = await db
      .select(fileColumns)
      .from(batchFiles)
      .where(
        and(
          eq(batchFiles.userId, userId),
          gt(batchFiles.expiresAt, new Date()),
          cursor
            ? or(
                lt(batchFiles.createdAt, cursor.createdAt),
                and(eq(batchFiles.createdAt, cursor.createdAt), lt(batchFiles.id, cursor.id)),
              )
            : undefined,
        ),
      )
      .orderBy(desc(batchFiles.createdAt), desc(batchFiles.id))
      .limit(limit + 1);
    const data = rows.slice(0, limit).map(fileObject);
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

  app.openapi(getFileRoute, async (c) =>
    c.json(fileObject(await ownFile(c.get('caller').userId, c.req.valid('param').id)), 200),
  );

  app.openapi(fileContentRoute, async (c) => {
    const file = await ownFile(c.get('caller').userId, c.req.valid('param').id);
    return c.body(file.content, 200, { 'Content-Type': 'application/jsonl' }) as never;
  });

  app.openapi(deleteFileRoute, async (c) => {
    const file = await ownFile(c.get('caller').userId, c.req.valid('param').id);
    await db.delete(batchFiles).where(eq(batchFiles.id, file.id));
    return c.json({ id: file.id, object: 'file' as const, deleted: true as const }, 200);
  });

  return app;
}
