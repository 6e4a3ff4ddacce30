import { OpenAPIHono } from '@hono/zod-openapi';
import { Redis } from 'ioredis';
import type { Address } from 'viem';
import { createMemoryRateLimiter, createRedisRateLimiter } from '../../auth/rateLimiter.js';
import type { AppEnv } from '../../http/appEnv.js';
import type { ServiceDefinition } from '../ServiceModule.js';
import { resultRelayRoutes } from './chain/resultRelayRoutes.js';
import { startGamingChainFollower } from './chain/startGamingChainFollower.js';
import { summarizeGamingRevenue } from './chain/summarizeGamingRevenue.js';
import { createChainTournamentDirectory } from './createChainTournamentDirectory.js';
import { createDbLeaderboard } from './createDbLeaderboard.js';
import { createRedisLeaderboard } from './createRedisLeaderboard.js';
import { leaderboardRoutes } from './leaderboardRoutes.js';
import { listGamingActivity } from './listGamingActivity.js';
import { postTournamentResults } from './postTournamentResults.js';
import { profileRoutes } from './profileRoutes.js';
import { readChainNow } from './readChainNow.js';
import { runRoutes } from './runRoutes.js';
import { noTournaments } from './TournamentDirectory.js';
import { tournamentRoutes } from './tournamentRoutes.js';

/** How often ended tournaments are looked for and their results posted. */
const RESULT_POSTING_INTERVAL_MS = 5_000;

/**
 * Farcana Game as a service module: seeds and replay-verified runs, leaderboards (Redis when
 * configured, the database otherwise) pushed live, player profiles, the TournamentPool chain mirror,
 * the results relay for other games and, once a tournament ends, its ranking signed by the game
 * server's key and posted on chain.
 */
export const gamingService: ServiceDefinition = {
  id: 'gaming',
  name: 'Farcana Game',
  summarizeRevenue: summarizeGamingRevenue,
  listActivity: listGamingActivity,
  create(core) {
    const { db, bus, config, logger } = core;
    const redis = config.REDIS_URL ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2 }) : undefined;
    const leaderboard = redis ? createRedisLeaderboard(redis, db) : createDbLeaderboard(db);
    const rateLimiter = redis ? createRedisRateLimiter(redis) : createMemoryRateLimiter();
    // The coordinator's key is the game server's: the pool's deploy approves it as one. Its one
    // wallet (shared with settlement) gives result posts their nonces, so they never collide.
    const wallet = core.coordinator;
    const pool = core.deployments?.contracts.tournamentPool as Address | undefined;
    const tournaments =
      pool && wallet
        ? createChainTournamentDirectory(db, pool.toLowerCase(), wallet.account.address.toLowerCase())
        : noTournaments;
    const recording = { db, leaderboard, bus, logger };
    let follower: ReturnType<typeof startGamingChainFollower>;
    let posting: NodeJS.Timeout | undefined;
    return {
      routes: ({ requireCaller }) => {
        const app = new OpenAPIHono<AppEnv>();
        const now = () => readChainNow(core.chain);
        app.route('/', runRoutes({ db, tournaments, rateLimiter, recording, requireCaller, now }));
        app.route('/', leaderboardRoutes({ db, leaderboard, bus }));
        app.route('/', profileRoutes({ db, tournaments, requireCaller }));
        app.route(
          '/',
          tournamentRoutes({
            db,
            pool: pool?.toLowerCase(),
            gameServer: wallet?.account.address,
            now,
          }),
        );
        if (pool && wallet) app.route('/', resultRelayRoutes({ chain: core.chain, wallet, pool }));
        return app;
      },
      start() {
        follower = startGamingChainFollower(core);
        if (!pool || !wallet) return;
        const post = async () => {
          // The chain's clock decides when a tournament has ended (a dev chain's can be advanced).
          const block = await core.chain.getBlock();
          await postTournamentResults(
            {
              db,
              tournaments,
              chain: core.chain,
              wallet,
              chainId: config.CHAIN_ID,
              pool,
              logger: logger.child({ part: 'results' }),
            },
            new Date(Number(block.timestamp) * 1000),
          );
        };
        let running = false;
        posting = setInterval(() => {
          if (running) return;
          running = true;
          post()
            .catch((error: unknown) => logger.warn({ err: error }, 'result posting pass failed'))
            .finally(() => {
              running = false;
            });
        }, RESULT_POSTING_INTERVAL_MS);
        posting.unref();
      },
      async close() {
        clearInterval(posting);
        await follower?.stop();
        redis?.disconnect();
      },
    };
  },
};
