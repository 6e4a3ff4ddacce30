import { type Db, settlementBatches } from '@far/db';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { desc } from 'drizzle-orm';
import { limitQuery, WeiString } from '../chain/apiFieldSchemas.js';
import type { AppEnv } from '../http/appEnv.js';
import { errorResponses, jsonBody } from '../http/openapi.js';
import { publicSettlementErrorCode } from './publicSettlementErrorCode.js';
import { fromSettlementBatchItems } from './settlementBatchItems.js';

const BatchSchema = z
  .object({
    id: z.uuid(),
    batchNumber: z.string(),
    status: z.enum(['pending', 'submitted', 'confirmed', 'failed']),
    txHash: z.string().nullable(),
    totalWei: WeiString,
    stakersShareWei: WeiString,
    treasuryShareWei: WeiString,
    auditPayWei: WeiString.openapi({
      description:
        'audit pay (proof-of-serving check runs) this batch credited to nodes out of the treasury share; treasuryShareWei is net of it',
    }),
    users: z.number().int(),
    nodes: z.number().int(),
    periodStart: z.iso.datetime(),
    periodEnd: z.iso.datetime(),
    errorCode: z.string().nullable().openapi({
      description: 'why the batch failed: a contract error name or settlement_failed; null when it did not',
      example: 'SpendingCapExceeded',
    }),
    error: z
      .string()
      .nullable()
      .optional()
      .openapi({ description: "the batcher's full error text; operators only" }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi('SettlementBatch');

const batchesRoute = createRoute({
  method: 'get',
  path: '/api/settlement/batches',
  tags: ['chain'],
  summary: 'Recent on-chain settlement batches',
  description:
    'Public: what each batch moved and whether it landed, with a stable error code. The full error text goes to operators only (see /metrics for how they authenticate).',
  request: { query: limitQuery },
  responses: {
    200: jsonBody(z.object({ data: z.array(BatchSchema) }), 'Batches, newest first'),
    ...errorResponses,
  },
});

/**
 * `GET /api/settlement/batches`: recent settlement batches, public, with the full error text for
 * operators only.
 *
 * @param options - the database.
 * @returns a router to mount at `/`.
 * @example
 * app.route('/', settlementBatchRoutes({ db }));
 */
export function settlementBatchRoutes(options: { db: Db }) {
  const { db } = options;
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(batchesRoute, async (c) => {
    const operator = c.get('operator')();
    const rows = await db
      .select()
      .from(settlementBatches)
      .orderBy(desc(settlementBatches.batchNumber))
      .limit(c.req.valid('query').limit);
    return c.json(
      {
        data: rows.map((b) => {
          const content = fromSettlementBatchItems(b.items);
          return {
            id: b.id,
            batchNumber: b.batchNumber.toString(),
            status: b.status,
            txHash: b.txHash,
            totalWei: b.totalWei.toString(),
            stakersShareWei: content.stakersShare.toString(),
            treasuryShareWei: content.treasuryShare.toString(),
            auditPayWei: content.auditPay.toString(),
            users: content.debits.length,
            nodes: content.credits.length,
            periodStart: b.periodStart.toISOString(),
            periodEnd: b.periodEnd.toISOString(),
            errorCode: publicSettlementErrorCode(b.error),
            ...(operator ? { error: b.error } : {}),
            createdAt: b.createdAt.toISOString(),
            updatedAt: b.updatedAt.toISOString(),
          };
        }),
      },
      200,
    );
  });
  return app;
}
