import type { ServiceDefinition } from '../ServiceModule.js';
import { fartwinRoutes } from './fartwinRoutes.js';
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
    return {
      routes: ({ requireCaller }) => fartwinRoutes({ db, bus, logger }, requireCaller),
    };
  },
};
