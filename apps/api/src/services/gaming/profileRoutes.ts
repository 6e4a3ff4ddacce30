import { type Db, gamingProfiles } from '@far/db';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../http/appEnv.js';
import { errorResponses, jsonBody, jsonRequestBody } from '../../http/openapi.js';
import { ProfileBodySchema, RunSchema, WalletSchema } from './gamingSchemas.js';
import { readPlayerProfile } from './readPlayerProfile.js';
import type { TournamentDirectory } from './TournamentDirectory.js';

const tags = ['gaming'];

const ProfileSchema = z
  .object({
    wallet: z.string(),
    displayName: z.string().nullable(),
    avatar: z.string().nullable(),
    verifiedRuns: z.int(),
    bestScore: z.int().nullable(),
    earningsWei: z.string().openapi({ description: 'Prizes claimed, wei as a decimal string' }),
    recentRuns: z.array(RunSchema),
  })
  .openapi('GamingProfile');

const profileRoute = createRoute({
  method: 'get',
  path: '/api/gaming/profiles/{wallet}',
  tags,
  summary: "A player's profile: name, avatar, verified runs, prizes claimed",
  request: { params: z.object({ wallet: WalletSchema }) },
  responses: { 200: jsonBody(ProfileSchema, 'The profile'), ...errorResponses },
});

const updateProfileRoute = createRoute({
  method: 'put',
  path: '/api/gaming/my/profile',
  tags,
  summary: 'Set your display name and avatar',
  security: [{ bearer: [] }],
  request: { body: jsonRequestBody(ProfileBodySchema) },
  responses: { 200: jsonBody(ProfileSchema, 'Your profile'), ...errorResponses },
});

/**
 * Player profiles bound to wallets: anyone reads one; the signed-in player sets their own.
 *
 * @param options - database, tournaments (for prizes), authentication.
 * @returns the routes.
 */
export function profileRoutes(options: {
  db: Db;
  tournaments: TournamentDirectory;
  requireCaller: MiddlewareHandler<AppEnv>;
}): OpenAPIHono<AppEnv> {
  const { db, tournaments } = options;
  const app = new OpenAPIHono<AppEnv>();
  app.use('/api/gaming/my/profile', options.requireCaller);
  app.openapi(profileRoute, async (c) =>
    c.json(await readPlayerProfile(db, tournaments, c.req.valid('param').wallet), 200),
  );
  app.openapi(updateProfileRoute, async (c) => {
    const caller = c.get('caller');
    const body = c.req.valid('json');
    await db
      .insert(gamingProfiles)
      .values({ userId: caller.userId, ...body })
      .onConflictDoUpdate({ target: gamingProfiles.userId, set: { ...body, updatedAt: new Date() } });
    return c.json(await readPlayerProfile(db, tournaments, caller.walletAddress.toLowerCase()), 200);
  });
  return app;
}
