import { type Db, models } from '@far/db';
import { eq } from 'drizzle-orm';
import { BaseError } from '../errors/BaseError.js';
import { type ModelSpec, toModelSpec } from './ModelSpec.js';
import { invalidateModelCatalogue } from './readModelCatalogue.js';

/**
 * Stops selling a model: new requests for it get `model_not_found`, nodes' announcements of it are
 * ignored. The row stays (past tasks name it; a task already admitted settles at its price), and
 * `upsertCatalogueModel(db, { ...model, status: 'active' })` brings it back.
 *
 * @param db - the database.
 * @param id - the model id.
 * @returns the retired model.
 * @throws BaseError `not_found` when the catalogue has no such id.
 * @example
 * await retireCatalogueModel(db, 'llama-405b');
 */
export async function retireCatalogueModel(db: Db, id: string): Promise<ModelSpec> {
  const [row] = await db
    .update(models)
    .set({ status: 'retired', updatedAt: new Date() })
    .where(eq(models.id, id))
    .returning();
  if (!row) throw new BaseError('not_found', `Model ${id} is not in the catalogue`);
  invalidateModelCatalogue(db);
  return toModelSpec(row);
}
