import type { Db } from '@far/db';
import { BaseError } from '../errors/BaseError.js';
import type { ModelSpec } from './ModelSpec.js';
import { modelNotFoundError } from './modelNotFoundError.js';
import { readModelCatalogue } from './readModelCatalogue.js';

/**
 * The active catalogued model a request names, from the cached catalogue.
 *
 * @param db - the database holding the catalogue.
 * @param id - the request's `model`.
 * @param use - `chat` refuses an embedding model (it cannot generate text); `embeddings` takes any
 *   model (llama.cpp embeds with chat models too).
 * @returns the model.
 * @throws BaseError `model_not_found` (404, with close matches) or `bad_request` (an embedding model asked to chat).
 * @example
 * const model = await findSellableModel(db, request.model, 'chat');
 */
export async function findSellableModel(db: Db, id: string, use: 'chat' | 'embeddings'): Promise<ModelSpec> {
  const catalogue = await readModelCatalogue(db);
  const model = catalogue.sellable(id);
  if (!model) throw modelNotFoundError(id, catalogue);
  if (use === 'chat' && model.kind !== 'chat') {
    throw new BaseError('bad_request', `Model ${model.id} computes embeddings; use POST /v1/embeddings`);
  }
  return model;
}
