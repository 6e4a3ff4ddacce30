import { createTestDb, gamingChainTournaments, type TestDbHandle } from '@far/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tournamentRoutes } from './tournamentRoutes.js';

const pool = `0x${'ab'.repeat(20)}`;
const gameServer = `0x${'0c'.repeat(20)}`;
const HOUR = 3_600_000;
/** The chain's clock in this test: a dev chain moved a day past the wall clock. */
const chainNow = new Date(Date.now() + 24 * HOUR);

function tournament(id: string, overrides: Partial<typeof gamingChainTournaments.$inferInsert>) {
  return {
    poolAddress: pool,
    tournamentId: id,
    organiserAddress: `0x${'03'.repeat(20)}`,
    gameServerAddress: gameServer,
    mode: 'sprint',
    metadataHash: `0x${'00'.repeat(32)}`,
    entryFeeWei: 10n ** 19n,
    startsAt: new Date(chainNow.getTime() - 2 * HOUR),
    endsAt: new Date(chainNow.getTime() + HOUR),
    minPlayers: 1,
    maxPlayers: 8,
    disputeWindowSeconds: 3_600,
    platformFeeBps: 1_000,
    stakersShareBps: 5_000,
    prizeBps: [10_000],
    status: 'open' as const,
    entrants: 0,
    poolWei: 0n,
    createdAt: new Date(chainNow.getTime() - 3 * HOUR),
    createdTransactionHash: `0x${id.padStart(64, '0')}`,
    ...overrides,
  };
}

describe('GET /api/gaming/tournaments', () => {
  let testDb: TestDbHandle;
  beforeAll(async () => {
    testDb = await createTestDb();
    await testDb.db.insert(gamingChainTournaments).values([
      tournament('1', {}),
      tournament('2', { endsAt: new Date(chainNow.getTime() - HOUR) }),
      tournament('3', {
        endsAt: new Date(chainNow.getTime() - HOUR),
        status: 'results_posted',
        disputeEndsAt: new Date(chainNow.getTime() + HOUR),
      }),
      tournament('4', {
        endsAt: new Date(chainNow.getTime() - 3 * HOUR),
        status: 'results_posted',
        disputeEndsAt: new Date(chainNow.getTime() - HOUR),
      }),
    ]);
  });
  afterAll(async () => {
    await testDb?.close();
  });

  it("judges phases by the clock it is given (the chain's) and names this platform's game server", async () => {
    const app = tournamentRoutes({ db: testDb.db, pool, gameServer, now: async () => chainNow });
    const body = (await (await app.request('/api/gaming/tournaments')).json()) as {
      gameServerAddress: string;
      data: { id: string; phase: string }[];
    };
    expect(body.gameServerAddress).toBe(gameServer);
    const phases = Object.fromEntries(body.data.map((row) => [row.id, row.phase]));
    // By the wall clock, tournament 2 would still be live and 4 still inside its dispute window.
    expect(phases).toEqual({ '1': 'live', '2': 'ended', '3': 'results_posted', '4': 'claimable' });
  });

  it('says there is no game server without a coordinator key', async () => {
    const app = tournamentRoutes({ db: testDb.db, pool: undefined, gameServer: undefined });
    expect(await (await app.request('/api/gaming/tournaments')).json()).toEqual({
      poolAddress: null,
      gameServerAddress: null,
      data: [],
    });
  });
});
