import { type Db, models } from '@far/db';
import { asc, eq } from 'drizzle-orm';
import { type ModelSpec, toModelSpec } from './ModelSpec.js';

/**
 * Every catalogued model from the database (the operator's view; requests use readModelCatalogue).
 *
 * @param db - the database.
 * @param options - `includeRetired` (default true).
 * @returns the models by id.
 * @example
 * const active = await listCatalogueModels(db, { includeRetired: false });
 */
export async function listCatalogueModels(
  db: Db,
  options: { includeRetired?: boolean } = {},
): Promise<ModelSpec[]> {
  const rows = await db
    .select()
    .from(models)
    .where(options.includeRetired === false ? eq(models.status, 'active') : undefined)
    .orderBy(asc(models.id));
  return rows.map(toModelSpec);
}
