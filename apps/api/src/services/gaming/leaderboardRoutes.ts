import type { Db } from '@far/db';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import type { Bus } from '../../bus/Bus.js';
import type { AppEnv } from '../../http/appEnv.js';
import { errorResponses, jsonBody } from '../../http/openapi.js';
import {
  GAMING_LEADERBOARD_CHANNEL,
  LeaderboardLineSchema,
  LeaderboardUpdateSchema,
} from './gamingLeaderboardChannel.js';
import { BoardIdSchema, type Leaderboard } from './Leaderboard.js';
import { readLeaderboard } from './readLeaderboard.js';
import { seasonOf } from './seasonOf.js';

const tags = ['gaming'];
const BoardQuery = z.object({
  board: BoardIdSchema.optional().openapi({
    description: '`tournament:<id>` or `season:<YYYY-MM>:<mode>`; the current classic season by default',
    example: 'tournament:1',
  }),
});
const LeaderboardSchema = z
  .object({ board: z.string(), entries: z.array(LeaderboardLineSchema) })
  .openapi('GamingLeaderboard');

const leaderboardRoute = createRoute({
  method: 'get',
  path: '/api/gaming/leaderboards',
  tags,
  summary: "A leaderboard: each player's best verified score, best first",
  request: { query: BoardQuery },
  responses: { 200: jsonBody(LeaderboardSchema, 'The top places'), ...errorResponses },
});

const liveRoute = createRoute({
  method: 'get',
  path: '/api/gaming/leaderboards/live',
  tags,
  summary: 'A leaderboard as it changes (server-sent `leaderboard` events, the first at once)',
  request: { query: BoardQuery },
  responses: {
    200: {
      description: 'Event stream',
      content: {
        'text/event-stream': { schema: z.string().openapi({ description: '`leaderboard` events' }) },
      },
    },
    ...errorResponses,
  },
});

export type LeaderboardRoutesOptions = { db: Db; leaderboard: Leaderboard; bus: Bus; now?: () => Date };

/**
 * Public leaderboard routes: read a board, or follow it live as runs verify (relayed from the
 * `gaming:leaderboard` bus channel, so a run verified on any replica reaches every viewer).
 *
 * @param options - database, leaderboard, bus.
 * @returns the routes.
 */
export function leaderboardRoutes(options: LeaderboardRoutesOptions): OpenAPIHono<AppEnv> {
  const { db, leaderboard, bus } = options;
  const now = options.now ?? (() => new Date());
  const boardOf = (board: string | undefined) => board ?? `season:${seasonOf(now())}:classic`;
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(leaderboardRoute, async (c) => {
    const board = boardOf(c.req.valid('query').board);
    return c.json({ board, entries: await readLeaderboard(db, leaderboard, board) }, 200);
  });

  app.openapi(liveRoute, (c) => {
    const board = boardOf(c.req.valid('query').board);
    return streamSSE(c, async (stream) => {
      const closed = new Promise<void>((resolve) => stream.onAbort(resolve));
      const unsubscribe = await bus.subscribe(GAMING_LEADERBOARD_CHANNEL, (message) => {
        const update = LeaderboardUpdateSchema.safeParse(message);
        if (!update.success || update.data.board !== board) return;
        void stream.writeSSE({ event: 'leaderboard', data: JSON.stringify(update.data) });
      });
      try {
        const entries = await readLeaderboard(db, leaderboard, board);
        await stream.writeSSE({
          event: 'leaderboard',
          data: JSON.stringify({ board, entries, at: now().toISOString() }),
        });
        await closed;
      } finally {
        await unsubscribe();
      }
    }) as never;
  });
  return app;
}
