import { type Db, gpuNodes, inferenceTasks, revenueStreams, users } from '@far/db';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { getAddress } from 'viem';
import type { AppEnv } from '../http/appEnv.js';
import { errorResponses, jsonBody } from '../http/openapi.js';
import { getBalances } from '../ledger/getBalances.js';
import type { NodeRegistry } from '../nodes/nodeRegistry.js';

const wei = z
  .string()
  .regex(/^\d+$/)
  .openapi({ description: 'FAR in wei, as a decimal string', example: '1000000000000000000' });

const meRoute = createRoute({
  method: 'get',
  path: '/api/me',
  tags: ['account'],
  summary: 'The signed-in user and their ledger balances',
  security: [{ bearer: [] }],
  responses: {
    200: jsonBody(
      z.object({
        user: z.object({ id: z.uuid(), walletAddress: z.string(), createdAt: z.iso.datetime() }),
        balances: z.object({ available: wei, reserved: wei }),
      }),
      'You',
    ),
    ...errorResponses,
  },
});

const limitQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });

const tasksRoute = createRoute({
  method: 'get',
  path: '/api/tasks',
  tags: ['account'],
  summary: 'Your recent inference tasks with tokens, cost and the serving node',
  security: [{ bearer: [] }],
  request: { query: limitQuery },
  responses: {
    200: jsonBody(
      z.object({
        data: z.array(
          z.object({
            taskId: z.string(),
            model: z.string(),
            status: z.string(),
            promptTokens: z.number().int().nullable(),
            completionTokens: z.number().int().nullable(),
            costFarWei: wei.nullable(),
            costUsd: z.string().nullable(),
            nodeId: z.string().nullable(),
            createdAt: z.iso.datetime(),
            responseTimeMs: z.number().int().nullable(),
          }),
        ),
      }),
      'Tasks, newest first',
    ),
    ...errorResponses,
  },
});

const revenueRoute = createRoute({
  method: 'get',
  path: '/api/revenue',
  tags: ['account'],
  summary: 'What you have earned, by service and revenue stream',
  security: [{ bearer: [] }],
  responses: {
    200: jsonBody(
      z.object({
        data: z.array(
          z.object({
            service: z.string().openapi({ description: 'The service the revenue came from, e.g. inference' }),
            streamType: z.string(),
            amountFarWei: wei,
            amountUsd: z.string(),
            count: z.number().int(),
          }),
        ),
      }),
      'Totals per service and stream',
    ),
    ...errorResponses,
  },
});

const myNodesRoute = createRoute({
  method: 'get',
  path: '/api/nodes/mine',
  tags: ['account'],
  summary: 'Your GPU nodes with live status, load and earnings',
  security: [{ bearer: [] }],
  responses: {
    200: jsonBody(
      z.object({
        data: z.array(
          z.object({
            nodeId: z.string(),
            status: z.string(),
            gpuModel: z.string().nullable(),
            vramGb: z.number().nullable(),
            models: z.array(z.string()),
            load: z.number().int(),
            maxConcurrency: z.number().int().nullable(),
            tokensPerSecond: z.number(),
            reliabilityScore: z.number(),
            tasksCompleted: z.number().int(),
            earningsWei: wei,
            lastSeen: z.iso.datetime().nullable(),
          }),
        ),
      }),
      'Nodes',
    ),
    ...errorResponses,
  },
});

/** The signed-in user's own data: balances, tasks, revenue and nodes. */
export function accountRoutes(options: {
  db: Db;
  registry: NodeRegistry;
  requireCaller: MiddlewareHandler<AppEnv>;
}) {
  const { db, registry } = options;
  const app = new OpenAPIHono<AppEnv>();
  for (const path of ['/api/me', '/api/tasks', '/api/revenue', '/api/nodes/mine'])
    app.use(path, options.requireCaller);

  app.openapi(meRoute, async (c) => {
    const { userId } = c.get('caller');
    const [user] = await db.select().from(users).where(eq(users.id, userId));
    const balances = await getBalances(db, userId);
    return c.json(
      {
        user: {
          id: userId,
          walletAddress: getAddress(user?.walletAddress ?? c.get('caller').walletAddress),
          createdAt: (user?.createdAt ?? new Date()).toISOString(),
        },
        balances: { available: balances.available.toString(), reserved: balances.reserved.toString() },
      },
      200,
    );
  });

  app.openapi(tasksRoute, async (c) => {
    const { limit } = c.req.valid('query');
    const rows = await db
      .select({ task: inferenceTasks, nodeId: gpuNodes.nodeId })
      .from(inferenceTasks)
      .leftJoin(gpuNodes, eq(gpuNodes.id, inferenceTasks.nodeId))
      .where(eq(inferenceTasks.userId, c.get('caller').userId))
      .orderBy(desc(inferenceTasks.createdAt))
      .limit(limit);
    return c.json(
      {
        data: rows.map(({ task, nodeId }) => ({
          taskId: task.taskId,
          model: task.modelName,
          status: task.status,
          promptTokens: task.promptTokens,
          completionTokens: task.completionTokens,
          costFarWei: task.costFarWei?.toString() ?? null,
          costUsd: task.costUsd,
          nodeId,
          createdAt: task.createdAt.toISOString(),
          responseTimeMs: task.responseTimeMs,
        })),
      },
      200,
    );
  });

  app.openapi(revenueRoute, async (c) => {
    const rows = await db
      .select({
        service: revenueStreams.service,
        streamType: revenueStreams.streamType,
        amountFarWei: sql<string>`coalesce(sum(${revenueStreams.amountFarWei}), 0)::text`,
        amountUsd: sql<string>`coalesce(sum(${revenueStreams.amountUsd}), 0)::text`,
        count: sql<number>`count(*)::int`,
      })
      .from(revenueStreams)
      .where(eq(revenueStreams.userId, c.get('caller').userId))
      .groupBy(revenueStreams.service, revenueStreams.streamType);
    return c.json({ data: rows.map((r) => ({ ...r, count: Number(r.count) })) }, 200);
  });

  app.openapi(myNodesRoute, async (c) => {
    const owner = c.get('caller').walletAddress.toLowerCase();
    const rows = await db
      .select()
      .from(gpuNodes)
      .where(and(eq(gpuNodes.ownerAddress, owner)))
      .orderBy(desc(gpuNodes.lastSeen));
    return c.json(
      {
        data: rows.map((row) => myNodeToWire(row, registry.get(row.nodeId))),
      },
      200,
    );
  });

  return app;
}

/** One of the caller's nodes in wire form: the stored row, with the live numbers where it is connected. */
function myNodeToWire(row: typeof gpuNodes.$inferSelect, live: ReturnType<NodeRegistry['get']>) {
  return {
    nodeId: row.nodeId,
    status: live?.status ?? row.status ?? 'offline',
    gpuModel: row.gpuModel,
    vramGb: row.vramGb,
    models: (row.models as string[] | null) ?? [],
    load: live?.activeTasks ?? 0,
    maxConcurrency: row.maxConcurrency,
    tokensPerSecond: live?.tokensPerSecond ?? 0,
    reliabilityScore: live?.score ?? Number(row.reliabilityScore),
    tasksCompleted: row.tasksCompleted ?? 0,
    earningsWei: (row.totalEarnedWei ?? 0n).toString(),
    lastSeen: row.lastSeen?.toISOString() ?? null,
  };
}
