import type { ServiceDefinition } from '../ServiceModule.js';
import { createChatRateLimits } from './createChatRateLimits.js';
import { fartwinRoutes } from './fartwinRoutes.js';
import { twinChatProvider } from './startTwinChat.js';
import { summarizeFartwinRevenue } from './summarizeFartwinRevenue.js';

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
    // `model: "twin:<handle>"` on /v1/chat/completions comes here, through Far Inference.
    core.chatModels.register(
      twinChatProvider({
        db,
        logger,
        rateLimits: createChatRateLimits({ perUserPerMinute: 30, perTwinPerMinute: 600 }),
      }),
    );
    return {
      routes: ({ requireCaller }) => fartwinRoutes({ db, bus, logger }, requireCaller),
    };
  },
};
