import { type Db, gamedBuildUploads } from '@far/db';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, desc, eq } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { BaseError } from '../../../errors/BaseError.js';
import { validationError } from '../../../errors/toErrorResponse.js';
import type { AppEnv } from '../../../http/appEnv.js';
import { ErrorSchema, errorResponses, jsonBody, jsonRequestBody } from '../../../http/openapi.js';
import { findStudioPage } from '../findStudioPage.js';
import {
  PagePathSchema,
  PlatformSchema,
  toUploadView,
  UploadPathSchema,
  UploadSchema,
} from '../gamedWire.js';
import type { BuildStorage } from './BuildStorage.js';
import { completeBuildUpload } from './completeBuildUpload.js';
import { receiveBuildPart } from './receiveBuildPart.js';
import { startBuildUpload } from './startBuildUpload.js';

const startRoute = createRoute({
  method: 'post',
  path: '/api/gamed/games/{pageId}/uploads',
  tags: ['gamed'],
  summary: 'Start uploading a build for one of your games (then send its parts in order, then complete)',
  security: [{ bearer: [] }],
  request: {
    params: PagePathSchema,
    body: jsonRequestBody(
      z.object({
        platform: PlatformSchema,
        fileName: z.string().trim().min(1).max(200),
        sizeBytes: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
      }),
    ),
  },
  responses: {
    201: jsonBody(
      UploadSchema,
      'The upload: send `partCount` parts of `partSizeBytes` (the last one shorter)',
    ),
    404: jsonBody(ErrorSchema, 'Not one of your games'),
    413: jsonBody(ErrorSchema, 'Larger than the platform allows (reason build_too_large)'),
    415: jsonBody(ErrorSchema, 'A file type the platform cannot run (reason build_type_not_allowed)'),
    ...errorResponses,
  },
});

const partRoute = createRoute({
  method: 'put',
  path: '/api/gamed/uploads/{uploadId}/parts/{partNumber}',
  tags: ['gamed'],
  summary: 'Send the next part of a build (raw bytes); the server hashes it as it arrives',
  security: [{ bearer: [] }],
  request: {
    params: UploadPathSchema.extend({ partNumber: z.coerce.number().int().min(1).max(100_000) }),
    body: {
      required: true,
      content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
    },
  },
  responses: {
    200: jsonBody(UploadSchema, 'The upload after this part'),
    404: jsonBody(ErrorSchema, 'Not one of your uploads'),
    409: jsonBody(ErrorSchema, 'Not the next part (details.nextPart), or the upload is finished'),
    413: jsonBody(ErrorSchema, 'A part larger than the request body limit'),
    ...errorResponses,
  },
});

const completeRoute = createRoute({
  method: 'post',
  path: '/api/gamed/uploads/{uploadId}/complete',
  tags: ['gamed'],
  summary: 'Finish an upload: its SHA-256 is what you publish on chain with publishBuild',
  security: [{ bearer: [] }],
  request: { params: UploadPathSchema },
  responses: {
    200: jsonBody(UploadSchema, 'The completed upload with its sha256'),
    404: jsonBody(ErrorSchema, 'Not one of your uploads'),
    409: jsonBody(ErrorSchema, 'Bytes are still missing'),
    ...errorResponses,
  },
});

const abortRoute = createRoute({
  method: 'delete',
  path: '/api/gamed/uploads/{uploadId}',
  tags: ['gamed'],
  summary: 'Abandon an unfinished upload and delete its parts',
  security: [{ bearer: [] }],
  request: { params: UploadPathSchema },
  responses: {
    200: jsonBody(UploadSchema, 'The aborted upload'),
    404: jsonBody(ErrorSchema, 'Not one of your unfinished uploads'),
    ...errorResponses,
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/api/gamed/games/{pageId}/uploads',
  tags: ['gamed'],
  summary: "Your game's uploads, newest first",
  security: [{ bearer: [] }],
  request: { params: PagePathSchema },
  responses: {
    200: jsonBody(z.object({ data: z.array(UploadSchema) }), 'Uploads'),
    404: jsonBody(ErrorSchema, 'Not one of your games'),
    ...errorResponses,
  },
});

/**
 * Build uploads for studios: start (size and type checked), parts in order (stored and hashed as
 * they arrive), complete (the SHA-256 to publish on chain), abort, list.
 *
 * @param options.partSizeBytes - the part size clients are told to use; it must fit the API's
 * request body limit.
 */
export function buildUploadRoutes(options: {
  db: Db;
  storage: BuildStorage;
  partSizeBytes: number;
  requireCaller: MiddlewareHandler<AppEnv>;
}) {
  const { db, storage } = options;
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, result.target);
    },
  });
  app.use('/api/gamed/games/:pageId/uploads', options.requireCaller);
  app.use('/api/gamed/uploads/*', options.requireCaller);

  app.openapi(startRoute, async (c) => {
    const body = c.req.valid('json');
    const upload = await startBuildUpload(db, {
      caller: c.get('caller'),
      pageId: c.req.valid('param').pageId,
      ...body,
      partSizeBytes: options.partSizeBytes,
    });
    return c.json(toUploadView(upload), 201);
  });

  app.openapi(partRoute, async (c) => {
    const { uploadId, partNumber } = c.req.valid('param');
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const upload = await receiveBuildPart(
      { db, storage },
      { caller: c.get('caller'), uploadId, partNumber, bytes },
    );
    return c.json(toUploadView(upload), 200);
  });

  app.openapi(completeRoute, async (c) => {
    const upload = await completeBuildUpload(
      { db, storage },
      { caller: c.get('caller'), uploadId: c.req.valid('param').uploadId },
    );
    return c.json(toUploadView(upload), 200);
  });

  app.openapi(abortRoute, async (c) => {
    const caller = c.get('caller');
    const [aborted] = await db
      .update(gamedBuildUploads)
      .set({ status: 'aborted' })
      .where(
        and(
          eq(gamedBuildUploads.id, c.req.valid('param').uploadId),
          eq(gamedBuildUploads.createdBy, caller.userId),
          eq(gamedBuildUploads.status, 'uploading'),
        ),
      )
      .returning();
    if (!aborted) throw new BaseError('not_found', 'No such unfinished upload among yours');
    await storage.discardParts(aborted.storageKey, aborted.nextPart - 1);
    return c.json(toUploadView(aborted), 200);
  });

  app.openapi(listRoute, async (c) => {
    const page = await findStudioPage(db, c.get('caller'), c.req.valid('param').pageId);
    const rows = await db
      .select()
      .from(gamedBuildUploads)
      .where(eq(gamedBuildUploads.pageId, page.id))
      .orderBy(desc(gamedBuildUploads.createdAt))
      .limit(100);
    return c.json({ data: rows.map(toUploadView) }, 200);
  });
  return app;
}
