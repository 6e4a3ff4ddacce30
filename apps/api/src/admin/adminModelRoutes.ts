import { createRoute, z } from '@hono/zod-openapi';
import { BaseError } from '../errors/BaseError.js';
import { jsonBody, jsonRequestBody } from '../http/openapi.js';
import { CatalogueModelInputSchema } from '../models/CatalogueModelInput.js';
import { getCatalogueModel } from '../models/getCatalogueModel.js';
import { listCatalogueModels } from '../models/listCatalogueModels.js';
import type { ModelSpec } from '../models/ModelSpec.js';
import { invalidateModelCatalogue } from '../models/readModelCatalogue.js';
import { retireCatalogueModel } from '../models/retireCatalogueModel.js';
import { upsertCatalogueModel } from '../models/upsertCatalogueModel.js';
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

const UsdPrice = z.string().regex(/^\d{1,12}(\.\d{1,8})?$/, 'a decimal USD amount, e.g. "0.15"');

const CatalogueModelSchema = z.object({
  id: z.string(),
  family: z.string(),
  parameterCount: z.number().int(),
  quantization: z.string(),
  contextLength: z.number().int(),
  minVramGb: z.number(),
  tokensPerSecond: z.number(),
  inputPriceUsdPer1M: z.string(),
  outputPriceUsdPer1M: z.string(),
  weightsSha256: z.string().nullable(),
  source: z.string(),
  kind: z.enum(['chat', 'embedding']),
  status: z.enum(['active', 'retired']),
  updatedAt: z.iso.datetime(),
});

const ModelChange = z.object({ model: CatalogueModelSchema.nullable(), auditId: AuditIdSchema });
const ModelIdParams = z.object({ id: z.string().min(1).max(100) });

const listRoute = createRoute({
  ...ADMIN_ROUTE,
  method: 'get',
  path: '/api/admin/models',
  summary: 'The model catalogue, retired models too (operator)',
  responses: {
    200: jsonBody(z.object({ data: z.array(CatalogueModelSchema) }), 'Models'),
    ...adminErrorResponses,
  },
});

const upsertRoute = createRoute({
  ...ADMIN_ROUTE,
  method: 'post',
  path: '/api/admin/models',
  summary: 'Add a model to the catalogue, or replace one (operator), audited',
  request: {
    body: jsonRequestBody(
      z.object({ reason: AdminReasonSchema, model: CatalogueModelInputSchema.omit({ status: true }) }),
    ),
  },
  responses: { 201: jsonBody(ModelChange, 'The model as stored'), ...adminErrorResponses },
});

const priceRoute = createRoute({
  ...ADMIN_ROUTE,
  method: 'post',
  path: '/api/admin/models/{id}/price',
  summary: "Set a model's USD prices per 1M tokens (operator), audited",
  request: {
    params: ModelIdParams,
    body: jsonRequestBody(
      z.object({ reason: AdminReasonSchema, inputPriceUsdPer1M: UsdPrice, outputPriceUsdPer1M: UsdPrice }),
    ),
  },
  responses: { 200: jsonBody(ModelChange, 'The model as priced now'), ...adminErrorResponses },
});

const retireRoute = createRoute({
  ...ADMIN_ROUTE,
  method: 'post',
  path: '/api/admin/models/{id}/retire',
  summary: 'Retire a model: no longer sold or scheduled (operator), audited',
  request: { params: ModelIdParams, body: jsonRequestBody(z.object({ reason: AdminReasonSchema })) },
  responses: { 200: jsonBody(ModelChange, 'The retired model'), ...adminErrorResponses },
});

/** A model as JSON (its date as a string). */
function modelView(model: ModelSpec | undefined) {
  return model ? { ...model, updatedAt: model.updatedAt.toISOString() } : null;
}

/** The catalogue input that keeps `model` as it is (to change only its prices). */
function inputOf(model: ModelSpec) {
  const { updatedAt: _updatedAt, ...rest } = model;
  return rest;
}

/**
 * The console's model catalogue (operator): `GET /api/admin/models` (retired ones too),
 * `POST /api/admin/models` (add or replace a model), `POST /api/admin/models/:id/price`,
 * `POST /api/admin/models/:id/retire`; each change audited with the model before and after.
 *
 * @example
 * app.route('/', adminModelRoutes(options));
 */
export function adminModelRoutes(options: AdminRoutesOptions) {
  const { db } = options;
  const app = createAdminRouter();
  const operator = requireRole(db, 'operator');

  app.openapi({ ...listRoute, middleware: [operator] }, async (c) => {
    const models = await listCatalogueModels(db, { includeRetired: true });
    return c.json(
      { data: models.map((model) => ({ ...model, updatedAt: model.updatedAt.toISOString() })) },
      200,
    );
  });

  app.openapi({ ...upsertRoute, middleware: [operator] }, async (c) => {
    const body = c.req.valid('json');
    const { result, auditId } = await recordAdminAction(
      db,
      { ...adminActorOf(c, body.reason), action: 'model.upsert', target: body.model.id },
      async (tx) => {
        const before = modelView(await getCatalogueModel(tx, body.model.id));
        const after = await upsertCatalogueModel(tx, body.model);
        return { before, after: modelView(after), result: after };
      },
    );
    invalidateModelCatalogue(db);
    return c.json({ model: modelView(result), auditId: auditId.toString() }, 201);
  });

  app.openapi({ ...priceRoute, middleware: [operator] }, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const { result, auditId } = await recordAdminAction(
      db,
      { ...adminActorOf(c, body.reason), action: 'model.price', target: id },
      async (tx) => {
        const before = await getCatalogueModel(tx, id);
        if (!before) throw new BaseError('not_found', `Model ${id} is not in the catalogue`);
        const after = await upsertCatalogueModel(tx, {
          ...inputOf(before),
          inputPriceUsdPer1M: body.inputPriceUsdPer1M,
          outputPriceUsdPer1M: body.outputPriceUsdPer1M,
        });
        return { before: modelView(before), after: modelView(after), result: after };
      },
    );
    invalidateModelCatalogue(db);
    return c.json({ model: modelView(result), auditId: auditId.toString() }, 200);
  });

  app.openapi({ ...retireRoute, middleware: [operator] }, async (c) => {
    const { id } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    const { result, auditId } = await recordAdminAction(
      db,
      { ...adminActorOf(c, reason), action: 'model.retire', target: id },
      async (tx) => {
        const before = await getCatalogueModel(tx, id);
        if (!before) throw new BaseError('not_found', `Model ${id} is not in the catalogue`);
        if (before.status === 'retired') throw new BaseError('conflict', `Model ${id} is already retired`);
        const after = await retireCatalogueModel(tx, id);
        return { before: modelView(before), after: modelView(after), result: after };
      },
    );
    invalidateModelCatalogue(db);
    return c.json({ model: modelView(result), auditId: auditId.toString() }, 200);
  });
  return app;
}
