import { type Db, gpuNodes, nodeAudits, nodeSuspensions } from '@far/db';
import { createRoute, z } from '@hono/zod-openapi';
import { and, count, desc, eq, ilike, isNull, or } from 'drizzle-orm';
import { BaseError } from '../errors/BaseError.js';
import { jsonBody, jsonRequestBody } from '../http/openapi.js';
import type { NodeRegistry } from '../nodes/nodeRegistry.js';
import { resumeNode } from '../nodes/resumeNode.js';
import { suspendNode } from '../nodes/suspendNode.js';
import type { AdminRoutesOptions } from './AdminRoutesOptions.js';
import { adminActorOf } from './adminActorOf.js';
import {
  ADMIN_ROUTE,
  AdminReasonSchema,
  AuditIdSchema,
  adminErrorResponses,
  createAdminRouter,
} from './adminOpenApi.js';
import { recordAdminAction } from './recordAdminAction.js';
import { requireRole } from './requireRole.js';

/** A node's standing, as the audit row's before/after. */
async function readNodeStanding(db: Db, nodeId: string) {
  const [node] = await db
    .select({ status: gpuNodes.status, owner: gpuNodes.ownerAddress })
    .from(gpuNodes)
    .where(eq(gpuNodes.nodeId, nodeId));
  if (!node) throw new BaseError('not_found', `No node ${nodeId}`);
  const [open] = await db
    .select({ id: nodeSuspensions.id, reason: nodeSuspensions.reason })
    .from(nodeSuspensions)
    .where(and(eq(nodeSuspensions.nodeId, nodeId), isNull(nodeSuspensions.liftedAt)));
  return {
    status: node.status,
    suspended: node.status === 'suspended',
    suspensionReason: open?.reason ?? null,
  };
}

/** One node's standing, strikes, audits and suspensions, for the console. */
async function readAdminNodeDetail(db: Db, registry: NodeRegistry, nodeId: string) {
  const [node] = await db.select().from(gpuNodes).where(eq(gpuNodes.nodeId, nodeId));
  if (!node) throw new BaseError('not_found', `No node ${nodeId}`);
  const audits = await db
    .select()
    .from(nodeAudits)
    .where(eq(nodeAudits.nodeId, nodeId))
    .orderBy(desc(nodeAudits.createdAt))
    .limit(50);
  const suspensions = await db
    .select()
    .from(nodeSuspensions)
    .where(eq(nodeSuspensions.nodeId, nodeId))
    .orderBy(desc(nodeSuspensions.createdAt))
    .limit(50);
  return {
    nodeId,
    owner: node.ownerAddress,
    status: node.status,
    live: registry.get(nodeId)?.status ?? null,
    strikes: audits.filter((audit) => !audit.passed).length,
    audits: audits.map((audit) => ({
      kind: audit.kind,
      passed: audit.passed,
      taskId: audit.taskId,
      evidenceHash: audit.evidenceHash,
      createdAt: audit.createdAt.toISOString(),
    })),
    suspensions: suspensions.map((row) => ({
      reason: row.reason,
      actor: row.actor,
      createdAt: row.createdAt.toISOString(),
      liftedAt: row.liftedAt?.toISOString() ?? null,
      liftedBy: row.liftedBy,
      liftReason: row.liftReason,
    })),
  };
}

const NodeIdParams = z.object({ nodeId: z.string().min(1).max(200) });
const ReasonBody = jsonRequestBody(z.object({ reason: AdminReasonSchema }));

const listRoute = createRoute({
  ...ADMIN_ROUTE,
  method: 'get',
  path: '/api/admin/nodes',
  summary: 'Nodes, last seen first, searched by node id or owner wallet (operator)',
  request: { query: z.object({ q: z.string().trim().max(100).optional() }) },
  responses: {
    200: jsonBody(
      z.object({
        data: z.array(
          z.object({
            nodeId: z.string(),
            owner: z.string(),
            status: z.string(),
            live: z
              .string()
              .nullable()
              .openapi({ description: 'Its status in the live registry; null: not connected' }),
            models: z.array(z.string()),
            gpuModel: z.string().nullable(),
            reliabilityScore: z.number(),
            tasksCompleted: z.number().int(),
            strikes: z.number().int().openapi({ description: 'Failed canaries and audits' }),
            lastSeen: z.iso.datetime(),
          }),
        ),
      }),
      'Nodes',
    ),
    ...adminErrorResponses,
  },
});

const detailRoute = createRoute({
  ...ADMIN_ROUTE,
  method: 'get',
  path: '/api/admin/nodes/{nodeId}',
  summary: "A node's standing, strikes, audits and suspensions (operator)",
  request: { params: NodeIdParams },
  responses: {
    200: jsonBody(
      z.object({
        nodeId: z.string(),
        owner: z.string(),
        status: z.string(),
        live: z.string().nullable(),
        strikes: z.number().int(),
        audits: z.array(
          z.object({
            kind: z.string(),
            passed: z.boolean(),
            taskId: z.string().nullable(),
            evidenceHash: z.string(),
            createdAt: z.iso.datetime(),
          }),
        ),
        suspensions: z.array(
          z.object({
            reason: z.string(),
            actor: z.string(),
            createdAt: z.iso.datetime(),
            liftedAt: z.iso.datetime().nullable(),
            liftedBy: z.string().nullable(),
            liftReason: z.string().nullable(),
          }),
        ),
      }),
      'The node',
    ),
    ...adminErrorResponses,
  },
});

const StandingChange = z.object({ nodeId: z.string(), status: z.string(), auditId: AuditIdSchema });

const suspendRoute = createRoute({
  ...ADMIN_ROUTE,
  method: 'post',
  path: '/api/admin/nodes/{nodeId}/suspend',
  summary: 'Suspend a node with a reason (operator): it takes no task and is refused on every join',
  request: { params: NodeIdParams, body: ReasonBody },
  responses: { 200: jsonBody(StandingChange, 'Suspended'), ...adminErrorResponses },
});

const resumeRoute = createRoute({
  ...ADMIN_ROUTE,
  method: 'post',
  path: '/api/admin/nodes/{nodeId}/resume',
  summary: "Lift a node's suspension with a reason (operator)",
  request: { params: NodeIdParams, body: ReasonBody },
  responses: {
    200: jsonBody(StandingChange, 'Resumed; status is its live status (offline until it reconnects)'),
    ...adminErrorResponses,
  },
});

/**
 * The console's nodes: `GET /api/admin/nodes?q=` (search by node id or owner wallet),
 * `GET /api/admin/nodes/:nodeId` (strikes, audits, suspensions), and the operator's
 * `POST /api/admin/nodes/:nodeId/suspend` / `resume` with a reason, each audited in the action's
 * transaction.
 *
 * @example
 * app.route('/', adminNodeRoutes(options));
 */
export function adminNodeRoutes(options: AdminRoutesOptions) {
  const { db, registry } = options;
  const app = createAdminRouter();
  const operator = requireRole(db, 'operator');

  app.openapi({ ...listRoute, middleware: [operator] }, async (c) => {
    const { q } = c.req.valid('query');
    const pattern = q ? `%${q.replace(/[%_\\]/g, '\\$&')}%` : undefined;
    const rows = await db
      .select()
      .from(gpuNodes)
      .where(pattern ? or(ilike(gpuNodes.nodeId, pattern), ilike(gpuNodes.ownerAddress, pattern)) : undefined)
      .orderBy(desc(gpuNodes.lastSeen))
      .limit(100);
    const strikes = await db
      .select({ nodeId: nodeAudits.nodeId, n: count() })
      .from(nodeAudits)
      .where(eq(nodeAudits.passed, false))
      .groupBy(nodeAudits.nodeId);
    const strikesOf = new Map(strikes.map((row) => [row.nodeId, row.n]));
    return c.json(
      {
        data: rows.map((row) => ({
          nodeId: row.nodeId,
          owner: row.ownerAddress,
          status: row.status,
          live: registry.get(row.nodeId)?.status ?? null,
          models: row.models,
          gpuModel: row.gpuModel,
          reliabilityScore: row.reliabilityScore,
          tasksCompleted: row.tasksCompleted,
          strikes: strikesOf.get(row.nodeId) ?? 0,
          lastSeen: row.lastSeen.toISOString(),
        })),
      },
      200,
    );
  });

  app.openapi({ ...detailRoute, middleware: [operator] }, async (c) =>
    c.json(await readAdminNodeDetail(db, registry, c.req.valid('param').nodeId), 200),
  );

  app.openapi({ ...suspendRoute, middleware: [operator] }, async (c) => {
    const { nodeId } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    const actor = c.get('caller').walletAddress.toLowerCase();
    const { auditId } = await recordAdminAction(
      db,
      { ...adminActorOf(c, reason), action: 'node.suspend', target: nodeId },
      async (tx) => {
        const before = await readNodeStanding(tx, nodeId);
        if (before.suspended) throw new BaseError('conflict', `Node ${nodeId} is already suspended`);
        await suspendNode(tx, { nodeId, reason, actor });
        return { before, after: await readNodeStanding(tx, nodeId), result: undefined };
      },
    );
    // After the commit: the node takes no new task from now on (disconnected where the gateway can,
    // else marked suspended in the live registry), and is refused on every join.
    if (options.liveSuspender) await options.liveSuspender.suspendNode(nodeId);
    else if (registry.get(nodeId)) registry.setStatus(nodeId, 'suspended');
    return c.json({ nodeId, status: 'suspended', auditId: auditId.toString() }, 200);
  });

  app.openapi({ ...resumeRoute, middleware: [operator] }, async (c) => {
    const { nodeId } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    const actor = c.get('caller').walletAddress.toLowerCase();
    const { auditId } = await recordAdminAction(
      db,
      { ...adminActorOf(c, reason), action: 'node.resume', target: nodeId },
      async (tx) => {
        const before = await readNodeStanding(tx, nodeId);
        await resumeNode(tx, { nodeId, reason, actor });
        return { before, after: await readNodeStanding(tx, nodeId), result: undefined };
      },
    );
    // Still connected (suspended in the registry, not disconnected): it takes tasks again at once.
    if (registry.get(nodeId)?.status === 'suspended') registry.setStatus(nodeId, 'online');
    return c.json(
      { nodeId, status: registry.get(nodeId)?.status ?? 'offline', auditId: auditId.toString() },
      200,
    );
  });
  return app;
}
