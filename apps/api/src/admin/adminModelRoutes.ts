import { Hono } from 'hono';
import { z } from 'zod';
import { BaseError } from '../errors/BaseError.js';
import type { AppEnv } from '../http/appEnv.js';
import { CatalogueModelInputSchema } from '../models/CatalogueModelInput.js';
import { getCatalogueModel } from '../models/getCatalogueModel.js';
import { listCatalogueModels } from '../models/listCatalogueModels.js';
import type { ModelSpec } from '../models/ModelSpec.js';
import { invalidateModelCatalogue } from '../models/readModelCatalogue.js';
import { retireCatalogueModel } from '../models/retireCatalogueModel.js';
import { upsertCatalogueModel } from '../models/upsertCatalogueModel.js';
import type { AdminRoutesOptions } from './AdminRoutesOptions.js';
import { adminActorOf } from './adminActorOf.js';
import { AdminReasonSchema, readAdminBody } from './readAdminBody.js';
import { recordAdminAction } from './recordAdminAction.js';
import { requireRole } from './requireRole.js';

const UsdPrice = z.string().regex(/^\d{1,12}(\.\d{1,8})?$/, 'a decimal USD amount, e.g. "0.15"');

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
  const app = new Hono<AppEnv>();
  const operator = requireRole(db, 'operator');

  app.get('/api/admin/models', operator, async (c) => {
    const models = await listCatalogueModels(db, { includeRetired: true });
    return c.json({ data: models.map(modelView) });
  });

  app.post('/api/admin/models', operator, async (c) => {
    const body = await readAdminBody(
      c,
      z.object({ reason: AdminReasonSchema, model: CatalogueModelInputSchema.omit({ status: true }) }),
    );
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

  app.post('/api/admin/models/:id/price', operator, async (c) => {
    const id = c.req.param('id');
    const body = await readAdminBody(
      c,
      z.object({ reason: AdminReasonSchema, inputPriceUsdPer1M: UsdPrice, outputPriceUsdPer1M: UsdPrice }),
    );
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
    return c.json({ model: modelView(result), auditId: auditId.toString() });
  });

  app.post('/api/admin/models/:id/retire', operator, async (c) => {
    const id = c.req.param('id');
    const { reason } = await readAdminBody(c, z.object({ reason: AdminReasonSchema }));
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
    return c.json({ model: modelView(result), auditId: auditId.toString() });
  });
  return app;
}
