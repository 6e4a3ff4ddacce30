import { hasEmbeddingNode } from '../../scheduler/hasEmbeddingNode.js';
import { createEmbeddings } from '../inference/embeddings/createEmbeddings.js';
import type { ServiceDefinition } from '../ServiceModule.js';
import { createChatRateLimits } from './createChatRateLimits.js';
import { fartwinRoutes } from './fartwinRoutes.js';
import { twinChatProvider } from './startTwinChat.js';
import { summarizeFartwinRevenue } from './summarizeFartwinRevenue.js';
import type { TwinEmbedder } from './TwinEmbedder.js';

/**
 * FarTwin AI as a service module: twins (persona, knowledge, memory) that answer as the model
 * `twin:<handle>` through Far Inference, paying their creators a fee per token.
 */
export const fartwinService: ServiceDefinition = {
  id: 'fartwin',
  name: 'FarTwin AI',
  summarizeRevenue: summarizeFartwinRevenue,
  create(core) {
    const { db, bus, logger } = core;
    // Hybrid retrieval embeds through Far Inference's own paid path, billed to whoever it serves.
    const embed: TwinEmbedder = async (payer, model, input) => {
      const outcome = await createEmbeddings(
        {
          db,
          dispatchEmbedding: core.nodes.dispatchEmbedding,
          farUsdPrice: core.farUsdPrice,
          spendingAuthorization: core.spendingAuthorization,
          publisher: bus,
          logger,
          hasEmbeddingNode: (id) => hasEmbeddingNode(core.nodes.registry, id),
        },
        { userId: payer.userId, walletAddress: payer.walletAddress, model, input },
      );
      return outcome.embeddings;
    };
    // `model: "twin:<handle>"` on /v1/chat/completions comes here, through Far Inference.
    core.chatModels.register(
      twinChatProvider({
        db,
        logger,
        rateLimits: createChatRateLimits({ perUserPerMinute: 30, perTwinPerMinute: 600 }),
        embed,
      }),
    );
    return {
      routes: ({ requireCaller }) => fartwinRoutes({ db, bus, logger, embed }, requireCaller),
    };
  },
};
