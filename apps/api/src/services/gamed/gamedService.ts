import { loadJwtSecret } from '../../config/loadJwtSecret.js';
import type { ServiceDefinition } from '../ServiceModule.js';
import { createBuildStorage } from './builds/createBuildStorage.js';
import { readLicenseHolder } from './chain/readLicenseHolder.js';
import { type GamedChainFollower, startGamedChainFollower } from './chain/startGamedChainFollower.js';
import { summarizeGamedRevenue } from './chain/summarizeGamedRevenue.js';
import { createGamedChain } from './createGamedChain.js';
import { downloadSecret } from './downloads/downloadToken.js';
import { gamedRoutes } from './gamedRoutes.js';
import { listGamedActivity } from './listGamedActivity.js';

/** The largest part a client uploads: S3-sized where the request body limit allows it. */
const MAX_PART_BYTES = 8 * 1024 * 1024;

/**
 * Far GameD as a service module: a game store whose licences are `GameLicenses` tokens. Studios
 * publish pages and builds (stored locally or in S3, their SHA-256 on chain); players buy on chain
 * and download with short-lived signed URLs only while they hold the licence. The chain follower
 * mirrors sales, refunds and resales into the database and the revenue report.
 */
export const gamedService: ServiceDefinition = {
  id: 'gamed',
  name: 'Far GameD',
  summarizeRevenue: summarizeGamedRevenue,
  listActivity: listGamedActivity,
  create(core) {
    const address = core.deployments?.contracts.gameLicenses;
    const chain = address
      ? createGamedChain(core, {
          address,
          // The follower's mirror when it is current, the contract otherwise: never a stale yes.
          holdsLicense: async (gameId, wallet) => (await readLicenseHolder(core, gameId, wallet)).holds,
        })
      : undefined;
    const storage = createBuildStorage(core.config);
    const secret = downloadSecret(core.config.GAMED_DOWNLOAD_SECRET, loadJwtSecret(core.config));
    // A part is one request body, so it must fit the API's body limit (1 MiB by default).
    const partSizeBytes = Math.min(MAX_PART_BYTES, core.config.BODY_LIMIT_BYTES);
    let follower: GamedChainFollower | undefined;
    return {
      routes: ({ requireCaller }) =>
        gamedRoutes({ db: core.db, storage, chain, downloadSecret: secret, partSizeBytes }, requireCaller),
      start() {
        follower = startGamedChainFollower(core);
      },
      async close() {
        await follower?.stop();
      },
    };
  },
};
