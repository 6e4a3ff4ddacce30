import type { Bus } from '../../bus/Bus.js';
import { commentRoutes } from './commentRoutes.js';
import { createDesciRouter } from './createDesciRouter.js';
import { liveFundingRoutes } from './liveFundingRoutes.js';
import { type DesciRouteDeps, proposalRoutes } from './proposalRoutes.js';
import { reviewRoutes } from './reviewRoutes.js';

/**
 * Every Far DeSci route: proposals, comments, reviews and live funding, under `/api/desci`.
 *
 * @param deps - database, chain, bus, the contracts getter and the caller check.
 * @returns one router to mount at `/`.
 */
export function desciRoutes(deps: DesciRouteDeps & { bus: Bus }) {
  const app = createDesciRouter();
  app.route('/', proposalRoutes(deps));
  app.route('/', commentRoutes(deps));
  app.route('/', reviewRoutes(deps));
  app.route('/', liveFundingRoutes(deps));
  return app;
}
