import type { Db } from '@far/db';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../http/appEnv.js';
import type { Logger } from '../../observability/createLogger.js';
import type { RealtimeBus } from '../../realtime/RealtimeBus.js';
import { conversationRoutes } from './conversationRoutes.js';
import { earningsRoutes } from './earningsRoutes.js';
import { knowledgeRoutes } from './knowledgeRoutes.js';
import { memoryRoutes } from './memoryRoutes.js';
import type { TwinEmbedder } from './TwinEmbedder.js';
import { twinRoutes } from './twinRoutes.js';

/** What FarTwin's HTTP routes need from the platform core. */
export type FartwinRouteDeps = {
  db: Db;
  bus: Pick<RealtimeBus, 'publish'>;
  logger: Logger;
  /** Embeds through Far Inference, for hybrid retrieval; without it retrieval is full-text. */
  embed?: TwinEmbedder | undefined;
};

/**
 * Every FarTwin AI route under `/api/fartwin`: twins, their knowledge, conversations, memories and
 * the creator's earnings.
 * (Chat itself is `/v1/chat/completions` with `model: "twin:<handle>"`, served through Far Inference.)
 */
export function fartwinRoutes(deps: FartwinRouteDeps, requireCaller: MiddlewareHandler<AppEnv>) {
  const app = new OpenAPIHono<AppEnv>();
  app.route('/', twinRoutes({ db: deps.db, requireCaller }));
  app.route('/', knowledgeRoutes({ ...deps, requireCaller }));
  app.route('/', memoryRoutes({ db: deps.db, requireCaller }));
  app.route('/', conversationRoutes({ db: deps.db, requireCaller }));
  app.route('/', earningsRoutes({ db: deps.db, requireCaller }));
  return app;
}
