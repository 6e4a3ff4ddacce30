import type { Logger } from '../../observability/createLogger.js';
import type { SemanticSearch } from './retrievePassages.js';
import type { EmbeddingPayer, TwinEmbedder } from './TwinEmbedder.js';

/**
 * The semantic half of a retrieval for one asker: the question embedded with the twin's base model
 * (the model its chunks were embedded with), billed to `payer`. Undefined (full-text alone) without
 * an embedder or an asker to bill.
 *
 * @example
 * await retrievePassages(db, twin.id, q, 4, semanticSearchFor(embed, caller, twin.baseModel, logger));
 */
export function semanticSearchFor(
  embed: TwinEmbedder | undefined,
  payer: EmbeddingPayer | undefined,
  model: string,
  logger: Logger,
): SemanticSearch | undefined {
  if (!embed || !payer) return undefined;
  return {
    model,
    logger,
    embedQuestion: async (question) => {
      const [vector] = await embed(payer, model, [question.slice(0, 8_000)]);
      if (!vector) throw new Error('the embeddings answer holds no vector');
      return vector;
    },
  };
}
