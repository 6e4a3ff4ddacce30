import { BaseError } from '../errors/BaseError.js';
import { findCloseModels } from './findCloseModels.js';
import type { ModelCatalogue } from './readModelCatalogue.js';

/**
 * The 404 for a model the catalogue does not sell (unknown or retired), naming close matches so a
 * client sees what to ask for instead: code `model_not_found`, `details.suggestions`.
 *
 * @param requested - the id the client sent.
 * @param catalogue - the model catalogue.
 * @returns the error to throw.
 * @example
 * throw modelNotFoundError('llama-3-8b', catalogue);
 * // 404 { error: { code: 'model_not_found', message: 'Model llama-3-8b is not in the catalogue; close matches: llama-3.1-8b-instruct-q4_k_m. See GET /v1/models', suggestions: [...] } }
 */
export function modelNotFoundError(requested: string, catalogue: ModelCatalogue): BaseError {
  const sellable = catalogue.list().filter((model) => model.status === 'active');
  const suggestions = findCloseModels(requested, sellable);
  const retired = catalogue.find(requested)?.status === 'retired';
  const why = retired ? 'has been retired from the catalogue' : 'is not in the catalogue';
  const hint = suggestions.length > 0 ? `; close matches: ${suggestions.join(', ')}` : '';
  return new BaseError('model_not_found', `Model ${requested} ${why}${hint}. See GET /v1/models`, {
    details: { model: requested, suggestions },
  });
}
