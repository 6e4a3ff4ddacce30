import { type Db, gamingChainEntries, gamingChainTournaments } from '@far/db';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, desc, eq } from 'drizzle-orm';
import type { AppEnv } from '../../http/appEnv.js';
import { errorResponses, jsonBody } from '../../http/openapi.js';

const tags = ['gaming'];
const wei = z.string().openapi({ description: 'wei as a decimal string' });

const EntrySchema = z.object({
  wallet: z.string(),
  rank: z.int().nullable(),
  prizeWei: wei.nullable(),
  claimedWei: wei.nullable(),
  refundedWei: wei.nullable(),
});

const TournamentSchema = z
  .object({
    id: z.string(),
    mode: z.string(),
    organiser: z.string(),
    phase: z
      .enum(['upcoming', 'live', 'ended', 'results_posted', 'claimable', 'disputed', 'cancelled'])
      .openapi({
        description:
          'By the chain clock: results_posted while the dispute window runs, claimable once it has passed',
      }),
    entryFeeWei: wei,
    poolWei: wei,
    startsAt: z.string(),
    endsAt: z.string(),
    disputeEndsAt: z.string().nullable(),
    minPlayers: z.int(),
    maxPlayers: z.int(),
    prizeBps: z.array(z.int()),
    entries: z.array(EntrySchema),
  })
  .openapi('GamingTournament');

const listRoute = createRoute({
  method: 'get',
  path: '/api/gaming/tournaments',
  tags,
  summary: 'Tournaments on the pool (newest first) with their entries, as the chain mirror holds them',
  responses: {
    200: jsonBody(
      z.object({
        poolAddress: z.string().nullable(),
        gameServerAddress: z.string().nullable().openapi({
          description: "This platform's game server: the key that signs replay-verified results",
        }),
        data: z.array(TournamentSchema),
      }),
      'Tournaments; poolAddress null when no TournamentPool is deployed, gameServerAddress without a key',
    ),
    ...errorResponses,
  },
});

type TournamentRow = typeof gamingChainTournaments.$inferSelect;

function phaseOf(row: TournamentRow, now: Date) {
  if (row.status === 'results_posted' && row.disputeEndsAt && row.disputeEndsAt <= now) {
    return 'claimable' as const;
  }
  if (row.status !== 'open') return row.status;
  if (now < row.startsAt) return 'upcoming' as const;
  return now < row.endsAt ? ('live' as const) : ('ended' as const);
}

/**
 * The tournaments list for the web app: each tournament's terms, phase (upcoming, live, ended,
 * results posted, claimable, disputed, cancelled) and entries with their ranks, prizes, claims and
 * refunds, and the game server an organiser names when opening one.
 *
 * @param options - database, the deployed pool (lowercase) and this platform's game server, if
 * any, and the clock phases are judged by (the chain's, see `readChainNow`).
 * @returns the route.
 */
export function tournamentRoutes(options: {
  db: Db;
  pool: string | undefined;
  gameServer: string | undefined;
  now?: () => Promise<Date>;
}): OpenAPIHono<AppEnv> {
  const { db, pool } = options;
  const gameServerAddress = options.gameServer ?? null;
  const now = options.now ?? (async () => new Date());
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(listRoute, async (c) => {
    if (!pool) return c.json({ poolAddress: null, gameServerAddress, data: [] }, 200);
    const at = await now();
    const rows = await db
      .select()
      .from(gamingChainTournaments)
      .where(eq(gamingChainTournaments.poolAddress, pool))
      .orderBy(desc(gamingChainTournaments.startsAt))
      .limit(50);
    const data = [];
    for (const row of rows) {
      const entries = await db
        .select()
        .from(gamingChainEntries)
        .where(
          and(
            eq(gamingChainEntries.poolAddress, pool),
            eq(gamingChainEntries.tournamentId, row.tournamentId),
          ),
        )
        .limit(500);
      data.push({
        id: row.tournamentId,
        mode: row.mode,
        organiser: row.organiserAddress,
        phase: phaseOf(row, at),
        entryFeeWei: row.entryFeeWei.toString(),
        poolWei: row.poolWei.toString(),
        startsAt: row.startsAt.toISOString(),
        endsAt: row.endsAt.toISOString(),
        disputeEndsAt: row.disputeEndsAt?.toISOString() ?? null,
        minPlayers: row.minPlayers,
        maxPlayers: row.maxPlayers,
        prizeBps: row.prizeBps,
        entries: entries.map((entry) => ({
          wallet: entry.playerAddress,
          rank: entry.rank,
          prizeWei: entry.prizeWei?.toString() ?? null,
          claimedWei: entry.claimedWei?.toString() ?? null,
          refundedWei: entry.refundedWei?.toString() ?? null,
        })),
      });
    }
    return c.json({ poolAddress: pool, gameServerAddress, data }, 200);
  });
  return app;
}
