import { type Db, fartwinConversations, fartwinMessages } from '@far/db';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, asc, desc, eq } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { BaseError } from '../../errors/BaseError.js';
import type { AppEnv } from '../../http/appEnv.js';
import { errorResponses, jsonBody } from '../../http/openapi.js';
import { findVisibleTwin } from './findVisibleTwin.js';
import { HandleSchema } from './twinSchemas.js';

const tags = ['fartwin'];
const security = [{ bearer: [] }];
const ConversationSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
const MessageSchema = z.object({
  id: z.uuid(),
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  citations: z.array(
    z.object({
      index: z.int(),
      documentId: z.string(),
      title: z.string(),
      chunkId: z.string(),
      heading: z.string(),
      excerpt: z.string(),
    }),
  ),
  taskId: z.string().nullable(),
  costFarWei: z.string().nullable(),
  createdAt: z.iso.datetime(),
});

const listRoute = createRoute({
  method: 'get',
  path: '/api/fartwin/twins/{handle}/conversations',
  tags,
  security,
  summary: 'Your conversations with a twin, latest first',
  request: { params: z.object({ handle: HandleSchema }) },
  responses: {
    200: jsonBody(z.object({ data: z.array(ConversationSchema) }), 'Conversations'),
    ...errorResponses,
  },
});
const ConversationParams = z.object({ conversationId: z.uuid() });
const getRoute = createRoute({
  method: 'get',
  path: '/api/fartwin/conversations/{conversationId}',
  tags,
  security,
  summary: 'One of your conversations with its messages, their citations and cost',
  request: { params: ConversationParams },
  responses: {
    200: jsonBody(ConversationSchema.extend({ messages: z.array(MessageSchema) }), 'The conversation'),
    ...errorResponses,
  },
});
const deleteRoute = createRoute({
  method: 'delete',
  path: '/api/fartwin/conversations/{conversationId}',
  tags,
  security,
  summary: 'Delete one of your conversations and every message of it',
  request: { params: ConversationParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses },
});

const iso = (d: Date) => d.toISOString();

/** The caller's conversations with twins: list, read with messages, delete. */
export function conversationRoutes(options: { db: Db; requireCaller: MiddlewareHandler<AppEnv> }) {
  const { db } = options;
  const app = new OpenAPIHono<AppEnv>();
  app.use('/api/fartwin/twins/:handle/conversations', options.requireCaller);
  app.use('/api/fartwin/conversations/*', options.requireCaller);
  const owned = (id: string, userId: string) =>
    and(eq(fartwinConversations.id, id), eq(fartwinConversations.userId, userId));
  const toConversation = (c: typeof fartwinConversations.$inferSelect) => ({
    id: c.id,
    title: c.title,
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
  });

  app.openapi(listRoute, async (c) => {
    const { userId } = c.get('caller');
    const { twin } = await findVisibleTwin(db, c.req.valid('param').handle, userId);
    const rows = await db
      .select()
      .from(fartwinConversations)
      .where(and(eq(fartwinConversations.twinId, twin.id), eq(fartwinConversations.userId, userId)))
      .orderBy(desc(fartwinConversations.updatedAt));
    return c.json({ data: rows.map(toConversation) }, 200);
  });

  app.openapi(getRoute, async (c) => {
    const { conversationId } = c.req.valid('param');
    const [conversation] = await db
      .select()
      .from(fartwinConversations)
      .where(owned(conversationId, c.get('caller').userId));
    if (!conversation) throw new BaseError('not_found', 'Conversation not found');
    const messages = await db
      .select()
      .from(fartwinMessages)
      .where(eq(fartwinMessages.conversationId, conversationId))
      .orderBy(asc(fartwinMessages.createdAt), asc(fartwinMessages.id));
    return c.json(
      {
        ...toConversation(conversation),
        messages: messages.map((m) => ({
          id: m.id,
          role: m.role,
          content: m.content,
          citations: m.citations,
          taskId: m.taskId,
          costFarWei: m.costFarWei?.toString() ?? null,
          createdAt: iso(m.createdAt),
        })),
      },
      200,
    );
  });

  app.openapi(deleteRoute, async (c) => {
    const deleted = await db
      .delete(fartwinConversations)
      .where(owned(c.req.valid('param').conversationId, c.get('caller').userId))
      .returning({ id: fartwinConversations.id });
    if (deleted.length === 0) throw new BaseError('not_found', 'Conversation not found');
    return c.body(null, 204);
  });

  return app;
}
