import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/appEnv.js';
import type { ServiceDefinition } from '../ServiceModule.js';
import { summarizeFartwinRevenue } from './summarizeFartwinRevenue.js';
import { twinRoutes } from './twinRoutes.js';

/**
 * FarTwin AI as a service module: twins (persona, knowledge, memory) that answer as the model
 * `twin:<handle>` through Far Inference, paying their creators a fee per token.
 */
export const fartwinService: ServiceDefinition = {
  id: 'fartwin',
  name: 'FarTwin AI',
  summarizeRevenue: summarizeFartwinRevenue,
  create(core) {
    const { db } = core;
    return {
      routes: ({ requireCaller }) => {
        const app = new OpenAPIHono<AppEnv>();
        app.route('/', twinRoutes({ db, requireCaller }));
        return app;
      },
    };
  },
};
