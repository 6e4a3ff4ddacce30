import { type Db, models } from '@far/db';
import { eq } from 'drizzle-orm';
import { type ModelSpec, toModelSpec } from './ModelSpec.js';

/**
 * One catalogued model from the database, retired or not.
 *
 * @param db - the database.
 * @param id - e.g. `llama-3.1-8b-instruct-q4_k_m`.
 * @returns the model, or undefined when the catalogue has no such id.
 * @example
 * const model = await getCatalogueModel(db, 'far-demo');
 */
export async function getCatalogueModel(db: Db, id: string): Promise<ModelSpec | undefined> {
  const [row] = await db.select().from(models).where(eq(models.id, id));
  return row ? toModelSpec(row) : undefined;
}
