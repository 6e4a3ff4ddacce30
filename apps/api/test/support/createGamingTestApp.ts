import { createTestDb } from '@far/db';
import { createApp } from '../../src/app.js';
import { createDbNonceStore } from '../../src/auth/nonceStore.js';
import { createMemoryRateLimiter } from '../../src/auth/rateLimiter.js';
import { createInProcessBus } from '../../src/bus/createInProcessBus.js';
import { parseConfig } from '../../src/config/parseConfig.js';
import { createLogger } from '../../src/observability/createLogger.js';
import { createMetrics } from '../../src/observability/createMetrics.js';
import { createDbLeaderboard } from '../../src/services/gaming/createDbLeaderboard.js';
import { leaderboardRoutes } from '../../src/services/gaming/leaderboardRoutes.js';
import { profileRoutes } from '../../src/services/gaming/profileRoutes.js';
import { runRoutes } from '../../src/services/gaming/runRoutes.js';
import type { TournamentDirectory, TournamentSlot } from '../../src/services/gaming/TournamentDirectory.js';
import { TEST_JWT_SECRET } from './createTestApp.js';

/** Tournaments a test sets up by hand: the slots and who entered each. */
export type TestTournaments = TournamentDirectory & {
  add(slot: TournamentSlot, entrants: string[]): void;
};

function createTestTournaments(): TestTournaments {
  const slots = new Map<string, { slot: TournamentSlot; entrants: string[] }>();
  return {
    add: (slot, entrants) => slots.set(slot.id, { slot, entrants: entrants.map((e) => e.toLowerCase()) }),
    find: async (id) => slots.get(id)?.slot,
    isEntrant: async (id, wallet) => slots.get(id)?.entrants.includes(wallet) ?? false,
    awaitingResults: async (now) =>
      [...slots.values()].filter((s) => s.slot.endsAt <= now).map((s) => s.slot),
    entrants: async (id) => slots.get(id)?.entrants ?? [],
    earnings: async () => 0n,
  };
}

/**
 * The real app with Farcana's run, leaderboard and profile routes over a fresh database, an
 * in-process bus and tournaments set by the test; `clock` moves the routes' "now".
 */
export async function createGamingTestApp() {
  const config = parseConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: process.env.DATABASE_URL,
  });
  const database = await createTestDb();
  const db = database.db;
  const bus = createInProcessBus();
  const logger = createLogger('silent');
  const leaderboard = createDbLeaderboard(db);
  const tournaments = createTestTournaments();
  const clock = { now: new Date() };
  const now = () => clock.now;
  const app = createApp({
    config,
    db,
    logger,
    metrics: createMetrics(),
    nonces: createDbNonceStore(db),
    rateLimiter: createMemoryRateLimiter(),
    jwtSecret: TEST_JWT_SECRET,
    readiness: {},
    routes: (root, { requireCaller }) => {
      const recording = { db, leaderboard, bus, logger };
      root.route(
        '/',
        runRoutes({ db, tournaments, rateLimiter: createMemoryRateLimiter(), recording, requireCaller, now }),
      );
      root.route('/', leaderboardRoutes({ db, leaderboard, bus, now }));
      root.route('/', profileRoutes({ db, tournaments, requireCaller }));
    },
  });
  return {
    app,
    db,
    bus,
    tournaments,
    clock,
    async close() {
      await bus.close();
      await database.close();
    },
  };
}
