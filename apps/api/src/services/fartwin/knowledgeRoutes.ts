import { type Db, type FartwinDocument, fartwinDocuments } from '@far/db';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, desc, eq } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { BaseError } from '../../errors/BaseError.js';
import type { AppEnv } from '../../http/appEnv.js';
import { ErrorSchema, errorResponses, jsonBody } from '../../http/openapi.js';
import type { Logger } from '../../observability/createLogger.js';
import type { RealtimeBus } from '../../realtime/RealtimeBus.js';
import { documentMediaType, extractDocumentText, MAX_DOCUMENT_BYTES } from './extractDocumentText.js';
import { findOwnedTwin, findVisibleTwin } from './findVisibleTwin.js';
import { indexDocument } from './indexDocument.js';
import { KnowledgeUploadError } from './KnowledgeUploadError.js';
import { callerIfAny, optionalCaller } from './optionalCaller.js';
import { retrievePassages } from './retrievePassages.js';
import { semanticSearchFor } from './semanticSearchFor.js';
import type { TwinEmbedder } from './TwinEmbedder.js';
import { HandleSchema } from './twinSchemas.js';

const tags = ['fartwin'];
const security = [{ bearer: [] }];
const HandleParams = z.object({ handle: HandleSchema });

const DocumentSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    mediaType: z.string(),
    bytes: z.int(),
    status: z.enum(['indexing', 'ready', 'failed']),
    chunkCount: z.int(),
    createdAt: z.iso.datetime(),
  })
  .openapi('TwinDocument');

const toDocument = (d: FartwinDocument) => ({
  id: d.id,
  title: d.title,
  mediaType: d.mediaType,
  bytes: d.bytes,
  status: d.status,
  chunkCount: d.chunkCount,
  createdAt: d.createdAt.toISOString(),
});

const uploadRoute = createRoute({
  method: 'post',
  path: '/api/fartwin/twins/{handle}/documents',
  tags,
  summary: `Give a twin a document (Markdown, plain text or PDF, at most ${MAX_DOCUMENT_BYTES / 1024} KiB); indexing progress goes out on the realtime event fartwin:indexing`,
  security,
  request: {
    params: HandleParams,
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: z.object({
            file: z
              .custom<File>((v) => v instanceof File, 'a file')
              .openapi({ type: 'string', format: 'binary' }),
            title: z.string().trim().min(1).max(200).optional(),
          }),
        },
      },
    },
  },
  responses: {
    201: jsonBody(DocumentSchema, 'Indexed'),
    413: jsonBody(ErrorSchema, 'Too large'),
    415: jsonBody(ErrorSchema, 'Not Markdown, plain text or PDF'),
    ...errorResponses,
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/api/fartwin/twins/{handle}/documents',
  tags,
  summary: "A twin's documents (owner only)",
  security,
  request: { params: HandleParams },
  responses: {
    200: jsonBody(z.object({ data: z.array(DocumentSchema) }), 'Documents, newest first'),
    ...errorResponses,
  },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: '/api/fartwin/twins/{handle}/documents/{documentId}',
  tags,
  summary: 'Delete a document and its passages (owner only)',
  security,
  request: { params: HandleParams.extend({ documentId: z.uuid() }) },
  responses: { 204: { description: 'Deleted' }, ...errorResponses },
});

const PassageSchema = z.object({
  chunkId: z.uuid(),
  documentId: z.uuid(),
  title: z.string(),
  heading: z.string(),
  content: z.string(),
  rank: z.number(),
});

const searchRoute = createRoute({
  method: 'get',
  path: '/api/fartwin/twins/{handle}/passages',
  tags,
  summary: "The passages of a twin's knowledge a chat would retrieve for a question",
  request: {
    params: HandleParams,
    query: z.object({
      q: z.string().trim().min(1).max(500),
      limit: z.coerce.number().int().min(1).max(20).default(4),
    }),
  },
  responses: { 200: jsonBody(z.object({ data: z.array(PassageSchema) }), 'Best first'), ...errorResponses },
});

/** A twin's knowledge: upload (extract, chunk, index), list, delete, and the retrieval it chats with. */
export function knowledgeRoutes(options: {
  db: Db;
  bus: Pick<RealtimeBus, 'publish'>;
  logger: Logger;
  requireCaller: MiddlewareHandler<AppEnv>;
  /** Embeds chunks at upload (billed to the owner) and questions (billed to the asker). */
  embed?: TwinEmbedder | undefined;
}) {
  const { db, requireCaller } = options;
  const app = new OpenAPIHono<AppEnv>();
  app.use('/api/fartwin/twins/:handle/documents', requireCaller);
  app.use('/api/fartwin/twins/:handle/documents/*', requireCaller);
  app.use('/api/fartwin/twins/:handle/passages', optionalCaller(requireCaller));

  app.openapi(uploadRoute, async (c) => {
    const { twin } = await findOwnedTwin(db, c.req.valid('param').handle, c.get('caller').userId);
    const { file, title } = c.req.valid('form');
    if (file.size > MAX_DOCUMENT_BYTES) {
      throw new KnowledgeUploadError('too_large', `A document is at most ${MAX_DOCUMENT_BYTES / 1024} KiB`);
    }
    const mediaType = documentMediaType(file.type, file.name);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const text = await extractDocumentText(bytes, mediaType);
    const document = await indexDocument(options, {
      twin,
      title: (title ?? file.name).slice(0, 200) || 'Untitled',
      mediaType,
      bytes: bytes.byteLength,
      text,
      payer: c.get('caller'),
    });
    return c.json(toDocument(document), 201);
  });

  app.openapi(listRoute, async (c) => {
    const { twin } = await findOwnedTwin(db, c.req.valid('param').handle, c.get('caller').userId);
    const rows = await db
      .select()
      .from(fartwinDocuments)
      .where(eq(fartwinDocuments.twinId, twin.id))
      .orderBy(desc(fartwinDocuments.createdAt));
    return c.json({ data: rows.map(toDocument) }, 200);
  });

  app.openapi(deleteRoute, async (c) => {
    const { handle, documentId } = c.req.valid('param');
    const { twin } = await findOwnedTwin(db, handle, c.get('caller').userId);
    const deleted = await db
      .delete(fartwinDocuments)
      .where(and(eq(fartwinDocuments.id, documentId), eq(fartwinDocuments.twinId, twin.id)))
      .returning({ id: fartwinDocuments.id });
    if (deleted.length === 0) throw new BaseError('not_found', 'Document not found');
    return c.body(null, 204);
  });

  app.openapi(searchRoute, async (c) => {
    const { twin } = await findVisibleTwin(db, c.req.valid('param').handle, callerIfAny(c)?.userId);
    const { q, limit } = c.req.valid('query');
    const semantic = semanticSearchFor(options.embed, callerIfAny(c), twin.baseModel, options.logger);
    return c.json({ data: await retrievePassages(db, twin.id, q, limit, semantic) }, 200);
  });

  return app;
}
