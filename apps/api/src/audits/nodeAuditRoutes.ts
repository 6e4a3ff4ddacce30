import type { Db } from '@far/db';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../http/appEnv.js';
import { errorResponses, jsonBody } from '../http/openapi.js';
import { readNodeAuditRecord } from './readNodeAuditRecord.js';

const NodeAuditRecordSchema = z.object({
  node_id: z.string(),
  checks: z.number().int(),
  passes: z.number().int(),
  strikes: z.number().int(),
  pass_rate: z.number().nullable(),
  suspension: z.object({ reason: z.string(), actor: z.string(), since: z.string() }).nullable(),
  recent: z.array(
    z.object({
      kind: z.enum(['canary', 'audit']),
      passed: z.boolean(),
      evidence_hash: z.string(),
      diverged_at: z.number().int().nullable(),
      created_at: z.string(),
    }),
  ),
});

const auditRecordRoute = createRoute({
  method: 'get',
  path: '/api/nodes/{nodeId}/audits',
  tags: ['network'],
  summary: "A node's proof-of-serving record: canaries and spot-check audits passed, strikes, latest checks",
  description:
    'Public. Each check lists its evidence hash (keccak256 of the canonical evidence JSON, what a slash cites); prompts and answers are not shown.',
  request: { params: z.object({ nodeId: z.string().min(1).max(100) }) },
  responses: { 200: jsonBody(NodeAuditRecordSchema, 'The audit record'), ...errorResponses },
});

/**
 * `GET /api/nodes/{nodeId}/audits`: a node's audit record for the GPU page (a node never checked
 * has an empty one).
 *
 * @example
 * app.route('/', nodeAuditRoutes({ db }));
 */
export function nodeAuditRoutes(options: { db: Db }) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(auditRecordRoute, async (c) => {
    const record = await readNodeAuditRecord(options.db, c.req.valid('param').nodeId);
    return c.json(
      {
        node_id: record.nodeId,
        checks: record.checks,
        passes: record.passes,
        strikes: record.strikes,
        pass_rate: record.passRate,
        suspension: record.suspension
          ? { ...record.suspension, since: record.suspension.since.toISOString() }
          : null,
        recent: record.recent.map((r) => ({
          kind: r.kind,
          passed: r.passed,
          evidence_hash: r.evidenceHash,
          diverged_at: r.divergedAt,
          created_at: r.createdAt.toISOString(),
        })),
      },
      200,
    );
  });
  return app;
}
