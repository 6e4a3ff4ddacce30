import { type Db, gamingRuns } from '@far/db';
import { GAME_MODES, type GameMode, TICK_RATE } from '@far/farcana-game';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { desc, eq } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import type { RateLimiter } from '../../auth/rateLimiter.js';
import { BaseError } from '../../errors/BaseError.js';
import type { AppEnv } from '../../http/appEnv.js';
import { ErrorSchema, errorResponses, jsonBody, jsonRequestBody } from '../../http/openapi.js';
import { IssuedSeedSchema, IssueSeedBodySchema, RunSchema, SubmitRunBodySchema } from './gamingSchemas.js';
import { issueSeed } from './issueSeed.js';
import type { RecordVerifiedRunDependencies } from './recordVerifiedRun.js';
import { recordVerifiedRun } from './recordVerifiedRun.js';
import { submitRun } from './submitRun.js';
import type { TournamentDirectory } from './TournamentDirectory.js';
import { toRunResponse } from './toRunResponse.js';

/** Seeds a player may ask for per minute: a round is a minute or more, so this allows restarts. */
const SEEDS_PER_MINUTE = 10;

const tags = ['gaming'];
const security = [{ bearer: [] }];
const refused = (description: string) => jsonBody(ErrorSchema, description);

const issueSeedRoute = createRoute({
  method: 'post',
  path: '/api/gaming/seeds',
  tags,
  summary: 'Start a run: a single-use seed for practice or for a tournament you entered',
  security,
  request: { body: jsonRequestBody(IssueSeedBodySchema) },
  responses: {
    201: jsonBody(IssuedSeedSchema, 'The seed; play it and submit within expiresAt'),
    403: refused('Not an entrant (details.reason)'),
    404: refused('No such tournament'),
    409: refused('A run is in progress in this tournament, or it is not live (details.reason)'),
    ...errorResponses,
  },
});

const submitRunRoute = createRoute({
  method: 'post',
  path: '/api/gaming/runs',
  tags,
  summary: 'Submit a run (seed + input log); the server replays it and stores the verified score',
  security,
  request: { body: jsonRequestBody(SubmitRunBodySchema) },
  responses: {
    201: jsonBody(RunSchema, 'Verified'),
    404: refused('The seed was not issued to you'),
    409: refused('The seed is spent or expired (details.reason)'),
    ...errorResponses,
  },
});

const myRunsRoute = createRoute({
  method: 'get',
  path: '/api/gaming/my/runs',
  tags,
  summary: 'Your last runs, verified and rejected',
  security,
  responses: {
    200: jsonBody(z.object({ data: z.array(RunSchema) }), 'Runs, newest first'),
    ...errorResponses,
  },
});

export type RunRoutesOptions = {
  db: Db;
  tournaments: TournamentDirectory;
  rateLimiter: RateLimiter;
  recording: RecordVerifiedRunDependencies;
  requireCaller: MiddlewareHandler<AppEnv>;
  /**
   * The clock seeds and runs are judged by: the chain's (`readChainNow`) in the service, since the
   * pool decides when a tournament ends, and a dev chain's clock can be advanced past the wall's.
   */
  now?: () => Date | Promise<Date>;
};

/**
 * Farcana's run routes: issue a seed, submit a run for replay, list your runs.
 *
 * @param options - database, tournaments, rate limiter, leaderboard recording, authentication.
 * @returns the routes, mounted at the root by the service registry.
 */
export function runRoutes(options: RunRoutesOptions): OpenAPIHono<AppEnv> {
  const { db, tournaments, requireCaller } = options;
  const now = options.now ?? (() => new Date());
  const app = new OpenAPIHono<AppEnv>();
  app.use('/api/gaming/seeds', requireCaller);
  app.use('/api/gaming/runs', requireCaller);
  app.use('/api/gaming/my/*', requireCaller);

  app.openapi(issueSeedRoute, async (c) => {
    const caller = c.get('caller');
    const limit = await options.rateLimiter.hit(`gaming:seeds:${caller.userId}`, SEEDS_PER_MINUTE, 60_000);
    if (!limit.allowed) {
      throw new BaseError('rate_limited', 'too many runs started; wait a moment', {
        headers: { 'Retry-After': String(Math.ceil(limit.retryAfterMs / 1000)) },
      });
    }
    const body = c.req.valid('json');
    const seed = await issueSeed(db, tournaments, {
      caller,
      mode: body.mode,
      tournamentId: body.tournamentId,
      now: await now(),
    });
    const mode = seed.mode as GameMode;
    return c.json(
      {
        seedId: seed.id,
        seed: seed.seed,
        mode,
        tournamentId: seed.tournamentId,
        roundTicks: GAME_MODES[mode].roundTicks,
        tickRate: TICK_RATE,
        expiresAt: seed.expiresAt.toISOString(),
      },
      201,
    );
  });

  app.openapi(submitRunRoute, async (c) => {
    const run = await submitRun(db, { caller: c.get('caller'), ...c.req.valid('json'), now: await now() });
    await recordVerifiedRun(options.recording, run);
    return c.json(toRunResponse(run), 201);
  });

  app.openapi(myRunsRoute, async (c) => {
    const runs = await db
      .select()
      .from(gamingRuns)
      .where(eq(gamingRuns.userId, c.get('caller').userId))
      .orderBy(desc(gamingRuns.submittedAt))
      .limit(50);
    return c.json({ data: runs.map(toRunResponse) }, 200);
  });
  return app;
}
