import { randomUUID } from 'node:crypto';
import { type Db, gpuNodes, inferenceTasks, users } from '@far/db';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, count, eq, gt } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { nodeAuditRoutes } from '../audits/nodeAuditRoutes.js';
import { BaseError } from '../errors/BaseError.js';
import type { AppEnv } from '../http/appEnv.js';
import { errorResponses, jsonBody, jsonRequestBody } from '../http/openapi.js';
import { modelRoutes } from '../models/modelRoutes.js';
import { readModelCatalogue } from '../models/readModelCatalogue.js';
import type { NodeRegistry } from '../nodes/nodeRegistry.js';

const statusRoute = createRoute({
  method: 'get',
  path: '/api/network/status',
  tags: ['network'],
  summary: 'Network statistics: nodes, VRAM, models, average score, tasks in 24 h',
  responses: {
    200: jsonBody(
      z.object({
        total_nodes: z.number().int(),
        available_nodes: z.number().int(),
        total_vram_gb: z.number(),
        models_available: z.array(z.string()),
        average_node_score: z.number(),
        tasks_completed_24h: z.number().int(),
      }),
      'Statistics',
    ),
  },
});

const registerRoute = createRoute({
  method: 'post',
  path: '/api/node/register',
  tags: ['network'],
  summary: 'Node registration: reserve a node id for your wallet and learn which models your GPU can serve',
  description:
    'The node then connects with `far-node --node-id <node_id>`; the signed WebSocket join is what brings it online.',
  security: [{ bearer: [] }],
  request: {
    body: jsonRequestBody(
      z.strictObject({
        gpu_model: z.string().min(1).max(128),
        vram: z.number().min(0).max(16_384),
        bandwidth: z.number().min(0).max(1_000_000).optional(),
      }),
    ),
  },
  responses: {
    201: jsonBody(
      z.object({
        node_id: z.string(),
        status: z.literal('registered'),
        supported_models: z.array(z.string()),
      }),
      'Registered',
    ),
    ...errorResponses,
  },
});

/** Public network views (/v1/models and /api/models from modelRoutes, /api/network/status) and node registration over HTTP. */
export function networkRoutes(options: {
  db: Db;
  registry: NodeRegistry;
  farUsdPrice: () => Promise<bigint>;
  requireCaller: MiddlewareHandler<AppEnv>;
}) {
  const { db, registry } = options;
  const app = new OpenAPIHono<AppEnv>();
  app.route('/', nodeAuditRoutes({ db }));
  app.use('/api/node/register', options.requireCaller);
  app.route('/', modelRoutes({ db, registry, farUsdPrice: options.farUsdPrice }));

  app.openapi(statusRoute, async (c) => {
    const [total] = await db.select({ n: count() }).from(gpuNodes);
    const since = new Date(Date.now() - 24 * 3600_000);
    const [done] = await db
      .select({ n: count() })
      .from(inferenceTasks)
      .where(and(eq(inferenceTasks.status, 'completed'), gt(inferenceTasks.completedAt, since)));
    const live = [...registry.all()];
    const online = live.filter((n) => n.status === 'online');
    const models = new Set<string>();
    for (const node of online) for (const m of node.models) models.add(m.id);
    return c.json(
      {
        total_nodes: Math.max(Number(total?.n ?? 0), live.length),
        // A node still answering its probe has no proven model yet, so it cannot take a task.
        available_nodes: online.filter((n) => n.models.length > 0 && n.activeTasks < n.maxConcurrency).length,
        total_vram_gb: online.reduce((sum, n) => sum + n.gpu.vramGb, 0),
        models_available: [...models].sort(),
        average_node_score: online.length ? online.reduce((s, n) => s + n.score, 0) / online.length : 0,
        tasks_completed_24h: Number(done?.n ?? 0),
      },
      200,
    );
  });

  app.openapi(registerRoute, async (c) => {
    const body = c.req.valid('json');
    const owner = c.get('caller').walletAddress.toLowerCase();
    const [user] = await db.select({ id: users.id }).from(users).where(eq(users.walletAddress, owner));
    if (!user) throw new BaseError('unauthorized', 'Sign in again');
    const nodeId = `node_${owner.slice(2, 10)}_${randomUUID().slice(0, 8)}`;
    const models = (await readModelCatalogue(db))
      .list()
      .filter((model) => model.status === 'active' && model.minVramGb <= body.vram)
      .map((model) => model.id);
    await db.insert(gpuNodes).values({
      nodeId,
      ownerAddress: owner,
      gpuModel: body.gpu_model,
      vramGb: Math.floor(body.vram),
      bandwidthMbps: body.bandwidth ?? null,
      status: 'offline',
      models,
    });
    return c.json({ node_id: nodeId, status: 'registered' as const, supported_models: models }, 201);
  });

  return app;
}
