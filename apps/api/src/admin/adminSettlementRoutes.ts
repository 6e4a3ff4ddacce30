import { type Db, settlementBatches } from '@far/db';
import { createRoute, z } from '@hono/zod-openapi';
import { desc, eq } from 'drizzle-orm';
import { BaseError } from '../errors/BaseError.js';
import { jsonBody, jsonRequestBody } from '../http/openapi.js';
import { fromSettlementBatchItems } from '../settlement/settlementBatchItems.js';
import type { AdminRoutesOptions } from './AdminRoutesOptions.js';
import {
  ADMIN_ROUTE,
  AdminReasonSchema,
  AuditIdSchema,
  adminErrorResponses,
  createAdminRouter,
  DecimalIdSchema,
} from './adminOpenApi.js';
import { completeAdminIntent, recordAdminIntent } from './recordAdminIntent.js';
import { requireRole } from './requireRole.js';

async function readBatchStatus(db: Db, batchNumber: bigint) {
  const [batch] = await db
    .select({
      status: settlementBatches.status,
      txHash: settlementBatches.txHash,
      error: settlementBatches.error,
    })
    .from(settlementBatches)
    .where(eq(settlementBatches.batchNumber, batchNumber));
  if (!batch) throw new BaseError('not_found', `No settlement batch ${batchNumber}`);
  return batch;
}

const listRoute = createRoute({
  ...ADMIN_ROUTE,
  method: 'get',
  path: '/api/admin/settlement/batches',
  summary:
    'Settlement batches, newest first: status, totals and the full error (operator, oracle, treasurer)',
  responses: {
    200: jsonBody(
      z.object({
        data: z.array(
          z.object({
            batchNumber: z.string(),
            status: z.string(),
            txHash: z.string().nullable(),
            totalWei: z.string().openapi({ description: 'FAR in wei, as a decimal string' }),
            auditPayWei: z.string().openapi({
              description: 'audit pay the batch credited to nodes out of its treasury share, wei',
            }),
            users: z.number().int(),
            nodes: z.number().int(),
            error: z.string().nullable(),
            createdAt: z.iso.datetime(),
            updatedAt: z.iso.datetime(),
          }),
        ),
      }),
      'Batches',
    ),
    ...adminErrorResponses,
  },
});

const retryRoute = createRoute({
  ...ADMIN_ROUTE,
  method: 'post',
  path: '/api/admin/settlement/batches/{batchNumber}/retry',
  summary: 'Retry a batch that is not confirmed: a settlement round now (operator, oracle), audited',
  request: {
    params: z.object({ batchNumber: DecimalIdSchema }),
    body: jsonRequestBody(z.object({ reason: AdminReasonSchema })),
  },
  responses: {
    200: jsonBody(
      z.object({ batchNumber: z.string(), status: z.string(), auditId: AuditIdSchema }),
      "The batch's status after the round",
    ),
    ...adminErrorResponses,
  },
});

/**
 * The console's settlement batches: `GET /api/admin/settlement/batches` (status, totals and the full
 * error text) and `POST /api/admin/settlement/batches/:batchNumber/retry`, which runs a settlement
 * round now (it reconciles the pending batch, resends it or re-plans its charges), audited before it
 * starts and completed with the batch's status after.
 *
 * @example
 * app.route('/', adminSettlementRoutes(options));
 */
export function adminSettlementRoutes(options: AdminRoutesOptions) {
  const { db } = options;
  const app = createAdminRouter();
  const allowed = requireRole(db, 'operator', 'oracle', 'treasurer');

  app.openapi({ ...listRoute, middleware: [allowed] }, async (c) => {
    const rows = await db
      .select()
      .from(settlementBatches)
      .orderBy(desc(settlementBatches.batchNumber))
      .limit(50);
    return c.json(
      {
        data: rows.map((batch) => {
          const content = fromSettlementBatchItems(batch.items);
          return {
            batchNumber: batch.batchNumber.toString(),
            status: batch.status,
            txHash: batch.txHash,
            totalWei: batch.totalWei.toString(),
            auditPayWei: content.auditPay.toString(),
            users: content.debits.length,
            nodes: content.credits.length,
            error: batch.error,
            createdAt: batch.createdAt.toISOString(),
            updatedAt: batch.updatedAt.toISOString(),
          };
        }),
      },
      200,
    );
  });

  app.openapi({ ...retryRoute, middleware: [requireRole(db, 'operator', 'oracle')] }, async (c) => {
    const batchNumber = BigInt(c.req.valid('param').batchNumber);
    const { reason } = c.req.valid('json');
    const settleNow = options.settleNow;
    if (!settleNow) throw new BaseError('service_unavailable', 'Settlement does not run in this process');
    const before = await readBatchStatus(db, batchNumber);
    if (before.status === 'confirmed')
      throw new BaseError('conflict', `Batch ${batchNumber} is already confirmed`);
    const auditId = await recordAdminIntent(
      db,
      {
        wallet: c.get('caller').walletAddress.toLowerCase(),
        role: c.get('operatorRole'),
        reason,
        action: 'settlement.retry',
        target: batchNumber.toString(),
      },
      before,
    );
    let failure: string | undefined;
    try {
      await settleNow();
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    const after = await readBatchStatus(db, batchNumber);
    await completeAdminIntent(db, auditId, {
      status: failure ? 'failed' : 'done',
      after: failure ? { ...after, retryError: failure } : after,
    });
    return c.json(
      { batchNumber: batchNumber.toString(), status: after.status, auditId: auditId.toString() },
      200,
    );
  });
  return app;
}
