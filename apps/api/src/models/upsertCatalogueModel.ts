import { type Db, models } from '@far/db';
import { validationError } from '../errors/toErrorResponse.js';
import { type CatalogueModelInput, CatalogueModelInputSchema } from './CatalogueModelInput.js';
import { type ModelSpec, toModelSpec } from './ModelSpec.js';
import { invalidateModelCatalogue } from './readModelCatalogue.js';

/**
 * Adds a model to the catalogue or replaces an existing one's fields (a new model is active; an
 * existing one keeps its status unless `status` is given). Prices apply to requests admitted from
 * then on: a task in flight settles at the price it was admitted at (its reservation bounds it).
 *
 * @param db - the database.
 * @param input - the model, validated here.
 * @returns the stored model.
 * @throws BaseError `validation_failed` naming the bad field.
 * @example
 * await upsertCatalogueModel(db, { id: 'phi-3.5-mini-q4_k_m', family: 'phi', parameterCount: 3_821_079_552,
 *   quantization: 'Q4_K_M', contextLength: 131072, minVramGb: 4, tokensPerSecond: 90,
 *   inputPriceUsdPer1M: '0.02', outputPriceUsdPer1M: '0.05', weightsSha256: null });
 */
export async function upsertCatalogueModel(db: Db, input: CatalogueModelInput): Promise<ModelSpec> {
  const parsed = CatalogueModelInputSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error, 'model');
  const { tokensPerSecond, status, ...fields } = parsed.data;
  const values = { ...fields, expectedTokensPerSecond: tokensPerSecond, updatedAt: new Date() };
  const [row] = await db
    .insert(models)
    .values({ ...values, status: status ?? 'active' })
    .onConflictDoUpdate({ target: models.id, set: status ? { ...values, status } : values })
    .returning();
  invalidateModelCatalogue(db);
  if (!row) throw new Error(`upsert of model ${fields.id} returned no row`);
  return toModelSpec(row);
}
