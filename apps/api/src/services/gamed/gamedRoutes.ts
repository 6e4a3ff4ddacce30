import type { Db } from '@far/db';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../http/appEnv.js';
import type { BuildStorage } from './builds/BuildStorage.js';
import { buildUploadRoutes } from './builds/buildUploadRoutes.js';
import { downloadRoutes } from './downloads/downloadRoutes.js';
import type { GamedChain } from './GamedChain.js';
import { gamePageRoutes } from './pages/gamePageRoutes.js';
import { storeSettingsRoutes } from './storeSettingsRoutes.js';
import { studioRoutes } from './studio/studioRoutes.js';

/** What Far GameD's routes are built from. */
export type GamedRouteDeps = {
  db: Db;
  storage: BuildStorage;
  /** Absent until `GameLicenses` is deployed: the store then answers 503. */
  chain: GamedChain | undefined;
  /** Signs download URLs. */
  downloadSecret: Uint8Array;
  /** The part size clients upload in; within the API's request body limit. */
  partSizeBytes: number;
  now?: () => Date;
};

/**
 * Every Far GameD route: the store (catalogue, game pages, library), the studio's pages,
 * uploads and dashboard, and licence-gated downloads.
 */
export function gamedRoutes(deps: GamedRouteDeps, requireCaller: MiddlewareHandler<AppEnv>) {
  const { db, chain, storage } = deps;
  const now = deps.now ?? (() => new Date());
  const app = new OpenAPIHono<AppEnv>();
  app.route(
    '/',
    storeSettingsRoutes({ licensesAddress: chain?.licensesAddress, partSizeBytes: deps.partSizeBytes }),
  );
  app.route('/', studioRoutes({ db, chain, requireCaller }));
  app.route('/', buildUploadRoutes({ db, storage, partSizeBytes: deps.partSizeBytes, requireCaller }));
  app.route('/', downloadRoutes({ db, storage, chain, secret: deps.downloadSecret, now, requireCaller }));
  app.route('/', gamePageRoutes({ db, chain, requireCaller }));
  return app;
}
