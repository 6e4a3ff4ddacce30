import {
  type Db,
  type FartwinMemory,
  fartwinConversations,
  fartwinMemories,
  fartwinMemorySettings,
  fartwinMessages,
} from '@far/db';
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from '@far/protocol';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { BaseError } from '../../errors/BaseError.js';
import type { AppEnv } from '../../http/appEnv.js';
import { errorResponses, jsonBody, jsonRequestBody } from '../../http/openapi.js';
import { findVisibleTwin } from './findVisibleTwin.js';
import { HandleSchema } from './twinSchemas.js';

/** A user keeps at most this many memories per twin. */
const MAX_MEMORIES_PER_TWIN = 200;

const tags = ['fartwin'];
const security = [{ bearer: [] }];
const HandleParams = z.object({ handle: HandleSchema });
const MemoryParams = HandleParams.extend({ memoryId: z.uuid() });
const MemoryText = z
  .strictObject({
    content: z.string().trim().min(1).max(1000).refine(isStorableText, UNSTORABLE_TEXT_MESSAGE),
  })
  .openapi('MemoryText');

const MemorySchema = z
  .object({
    id: z.uuid(),
    content: z.string(),
    source: z.enum(['user', 'twin']),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi('TwinMemory');
const toMemory = (m: FartwinMemory) => ({
  id: m.id,
  content: m.content,
  source: m.source,
  createdAt: m.createdAt.toISOString(),
  updatedAt: m.updatedAt.toISOString(),
});
const SettingsSchema = z.object({ allowTwinMemories: z.boolean() }).openapi('TwinMemorySettings');

const route = <P extends string, M extends 'get' | 'post' | 'patch' | 'put' | 'delete'>(
  method: M,
  path: P,
  summary: string,
) => ({ method, path, tags, security, summary });

const listRoute = createRoute({
  ...route(
    'get',
    '/api/fartwin/twins/{handle}/memories',
    'What this twin remembers about you, and your memory settings',
  ),
  request: { params: HandleParams },
  responses: {
    200: jsonBody(z.object({ data: z.array(MemorySchema), settings: SettingsSchema }), 'Oldest first'),
    ...errorResponses,
  },
});
const addRoute = createRoute({
  ...route('post', '/api/fartwin/twins/{handle}/memories', 'Save a fact for this twin to remember about you'),
  request: { params: HandleParams, body: jsonRequestBody(MemoryText) },
  responses: { 201: jsonBody(MemorySchema, 'Saved'), ...errorResponses },
});
const editRoute = createRoute({
  ...route('patch', '/api/fartwin/twins/{handle}/memories/{memoryId}', 'Edit a memory'),
  request: { params: MemoryParams, body: jsonRequestBody(MemoryText) },
  responses: { 200: jsonBody(MemorySchema, 'Edited'), ...errorResponses },
});
const deleteRoute = createRoute({
  ...route('delete', '/api/fartwin/twins/{handle}/memories/{memoryId}', 'Forget a memory'),
  request: { params: MemoryParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses },
});
const settingsRoute = createRoute({
  ...route(
    'put',
    '/api/fartwin/twins/{handle}/memory-settings',
    'Allow or forbid the twin to save facts it proposes',
  ),
  request: { params: HandleParams, body: jsonRequestBody(SettingsSchema) },
  responses: { 200: jsonBody(SettingsSchema, 'Saved'), ...errorResponses },
});
const exportRoute = createRoute({
  ...route(
    'get',
    '/api/fartwin/twins/{handle}/memories/export',
    'Everything this twin keeps about you, as JSON',
  ),
  request: { params: HandleParams },
  responses: {
    200: jsonBody(
      z.object({
        twin: z.string(),
        exportedAt: z.iso.datetime(),
        settings: SettingsSchema,
        memories: z.array(MemorySchema),
        conversations: z.array(
          z.object({
            id: z.uuid(),
            title: z.string(),
            createdAt: z.iso.datetime(),
            messages: z.array(
              z.object({ role: z.string(), content: z.string(), createdAt: z.iso.datetime() }),
            ),
          }),
        ),
      }),
      'The export',
    ),
    ...errorResponses,
  },
});

/**
 * What a twin remembers about the caller: explicit memories (listed, added, edited, deleted,
 * exported with the conversations) and whether the twin may save facts it proposes.
 */
export function memoryRoutes(options: { db: Db; requireCaller: MiddlewareHandler<AppEnv> }) {
  const { db } = options;
  const app = new OpenAPIHono<AppEnv>();
  app.use('/api/fartwin/twins/:handle/memories', options.requireCaller);
  app.use('/api/fartwin/twins/:handle/memories/*', options.requireCaller);
  app.use('/api/fartwin/twins/:handle/memory-settings', options.requireCaller);

  const mine = (twinId: string, userId: string) =>
    and(eq(fartwinMemories.twinId, twinId), eq(fartwinMemories.userId, userId));
  const settingsOf = async (twinId: string, userId: string) => {
    const [row] = await db
      .select({ allowTwinMemories: fartwinMemorySettings.allowTwinMemories })
      .from(fartwinMemorySettings)
      .where(and(eq(fartwinMemorySettings.twinId, twinId), eq(fartwinMemorySettings.userId, userId)));
    return { allowTwinMemories: row?.allowTwinMemories ?? false };
  };
  const listOf = (twinId: string, userId: string) =>
    db.select().from(fartwinMemories).where(mine(twinId, userId)).orderBy(asc(fartwinMemories.createdAt));

  app.openapi(listRoute, async (c) => {
    const { userId } = c.get('caller');
    const { twin } = await findVisibleTwin(db, c.req.valid('param').handle, userId);
    const [rows, settings] = await Promise.all([listOf(twin.id, userId), settingsOf(twin.id, userId)]);
    return c.json({ data: rows.map(toMemory), settings }, 200);
  });

  app.openapi(addRoute, async (c) => {
    const { userId } = c.get('caller');
    const { twin } = await findVisibleTwin(db, c.req.valid('param').handle, userId);
    const [held] = await db.select({ n: count() }).from(fartwinMemories).where(mine(twin.id, userId));
    if ((held?.n ?? 0) >= MAX_MEMORIES_PER_TWIN) {
      throw new BaseError('conflict', `A twin keeps at most ${MAX_MEMORIES_PER_TWIN} memories per user`);
    }
    const [row] = await db
      .insert(fartwinMemories)
      .values({ twinId: twin.id, userId, content: c.req.valid('json').content, source: 'user' })
      .returning();
    return c.json(toMemory(row as FartwinMemory), 201);
  });

  app.openapi(editRoute, async (c) => {
    const { userId } = c.get('caller');
    const { handle, memoryId } = c.req.valid('param');
    const { twin } = await findVisibleTwin(db, handle, userId);
    const [row] = await db
      .update(fartwinMemories)
      .set({ content: c.req.valid('json').content, updatedAt: sql`now()` })
      .where(and(mine(twin.id, userId), eq(fartwinMemories.id, memoryId)))
      .returning();
    if (!row) throw new BaseError('not_found', 'Memory not found');
    return c.json(toMemory(row), 200);
  });

  app.openapi(deleteRoute, async (c) => {
    const { userId } = c.get('caller');
    const { handle, memoryId } = c.req.valid('param');
    const { twin } = await findVisibleTwin(db, handle, userId);
    const rows = await db
      .delete(fartwinMemories)
      .where(and(mine(twin.id, userId), eq(fartwinMemories.id, memoryId)))
      .returning({ id: fartwinMemories.id });
    if (rows.length === 0) throw new BaseError('not_found', 'Memory not found');
    return c.body(null, 204);
  });

  app.openapi(settingsRoute, async (c) => {
    const { userId } = c.get('caller');
    const { twin } = await findVisibleTwin(db, c.req.valid('param').handle, userId);
    const { allowTwinMemories } = c.req.valid('json');
    await db
      .insert(fartwinMemorySettings)
      .values({ twinId: twin.id, userId, allowTwinMemories })
      .onConflictDoUpdate({
        target: [fartwinMemorySettings.twinId, fartwinMemorySettings.userId],
        set: { allowTwinMemories },
      });
    return c.json({ allowTwinMemories }, 200);
  });

  app.openapi(exportRoute, async (c) => {
    const { userId } = c.get('caller');
    const { twin } = await findVisibleTwin(db, c.req.valid('param').handle, userId);
    const [memories, settings] = await Promise.all([listOf(twin.id, userId), settingsOf(twin.id, userId)]);
    const conversations = await exportConversations(db, twin.id, userId);
    return c.json(
      {
        twin: `twin:${twin.handle}`,
        exportedAt: new Date().toISOString(),
        settings,
        memories: memories.map(toMemory),
        conversations,
      },
      200,
    );
  });

  return app;
}

/** The caller's conversations with a twin and their messages, oldest first, for the export. */
async function exportConversations(db: Db, twinId: string, userId: string) {
  const conversations = await db
    .select()
    .from(fartwinConversations)
    .where(and(eq(fartwinConversations.twinId, twinId), eq(fartwinConversations.userId, userId)))
    .orderBy(asc(fartwinConversations.createdAt));
  const messages = conversations.length
    ? await db
        .select()
        .from(fartwinMessages)
        .where(
          inArray(
            fartwinMessages.conversationId,
            conversations.map((x) => x.id),
          ),
        )
        .orderBy(asc(fartwinMessages.createdAt), asc(fartwinMessages.id))
    : [];
  return conversations.map((conversation) => ({
    id: conversation.id,
    title: conversation.title,
    createdAt: conversation.createdAt.toISOString(),
    messages: messages
      .filter((m) => m.conversationId === conversation.id)
      .map((m) => ({ role: m.role, content: m.content, createdAt: m.createdAt.toISOString() })),
  }));
}
