import { randomBytes, randomUUID } from 'node:crypto';
import { createTestDb, type Db, gamingRuns, gamingSeeds, type TestDbHandle, users } from '@far/db';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbLeaderboard } from './createDbLeaderboard.js';
import { createRedisLeaderboard } from './createRedisLeaderboard.js';
import type { Leaderboard } from './Leaderboard.js';

const redisUrl = process.env.REDIS_URL;

/** What the service does when a run verifies: the row first, then the leaderboard. */
async function verifiedRun(db: Db, leaderboard: Leaderboard, board: string, wallet: string, score: number) {
  const [user] = await db
    .insert(users)
    .values({ walletAddress: wallet })
    .onConflictDoUpdate({ target: users.walletAddress, set: { walletAddress: wallet } })
    .returning();
  const [seed] = await db
    .insert(gamingSeeds)
    .values({
      seed: `0x${randomBytes(32).toString('hex')}`,
      userId: user?.id ?? '',
      mode: 'classic',
      expiresAt: new Date(),
      closedAt: new Date(),
      closedAs: 'submitted',
    })
    .returning();
  const [kind, first] = board.split(':');
  await db.insert(gamingRuns).values({
    seedId: seed?.id ?? '',
    userId: user?.id ?? '',
    walletAddress: wallet,
    mode: 'classic',
    tournamentId: kind === 'tournament' ? (first ?? null) : null,
    season: kind === 'season' ? (first ?? '') : '2026-01',
    claimedScore: score,
    status: 'verified',
    score,
    inputLog: '',
  });
  await leaderboard.record(board, wallet, score);
}

const wallet = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;

const implementations: [string, (db: Db) => { leaderboard: Leaderboard; close: () => void }][] = [
  ['database', (db) => ({ leaderboard: createDbLeaderboard(db), close: () => {} })],
];
if (redisUrl) {
  implementations.push([
    'redis',
    (db) => {
      const redis = new Redis(redisUrl);
      return {
        leaderboard: createRedisLeaderboard(redis, db, `far-test-${randomUUID()}`),
        close: () => redis.disconnect(),
      };
    },
  ]);
}

describe.each(implementations)('leaderboard on %s', (_name, create) => {
  let testDb: TestDbHandle;
  let subject: ReturnType<typeof create>;
  beforeAll(async () => {
    testDb = await createTestDb();
    subject = create(testDb.db);
  });
  afterAll(async () => {
    subject?.close();
    await testDb?.close();
  });

  it('ranks each wallet by its best score, not its latest or its total', async () => {
    const board = 'tournament:7';
    await verifiedRun(testDb.db, subject.leaderboard, board, wallet(1), 300);
    await verifiedRun(testDb.db, subject.leaderboard, board, wallet(2), 500);
    await verifiedRun(testDb.db, subject.leaderboard, board, wallet(1), 200);
    await verifiedRun(testDb.db, subject.leaderboard, board, wallet(3), 400);
    await verifiedRun(testDb.db, subject.leaderboard, board, wallet(1), 450);
    expect(await subject.leaderboard.top(board, 10)).toEqual([
      { wallet: wallet(2), score: 500, rank: 1 },
      { wallet: wallet(1), score: 450, rank: 2 },
      { wallet: wallet(3), score: 400, rank: 3 },
    ]);
    expect(await subject.leaderboard.top(board, 2)).toHaveLength(2);
  });

  it('keeps boards apart and breaks ties by wallet, descending', async () => {
    const board = 'season:2026-11:classic';
    await verifiedRun(testDb.db, subject.leaderboard, board, wallet(10), 90);
    await verifiedRun(testDb.db, subject.leaderboard, board, wallet(11), 90);
    expect(await subject.leaderboard.top(board, 10)).toEqual([
      { wallet: wallet(11), score: 90, rank: 1 },
      { wallet: wallet(10), score: 90, rank: 2 },
    ]);
    expect(await subject.leaderboard.top('tournament:8', 10)).toEqual([]);
  });
});

describe.skipIf(!redisUrl)('leaderboard on redis, after Redis lost its data', () => {
  let testDb: TestDbHandle;
  let redis: Redis;
  const namespace = `far-test-${randomUUID()}`;
  beforeAll(async () => {
    testDb = await createTestDb();
    redis = new Redis(redisUrl ?? '');
  });
  afterAll(async () => {
    redis?.disconnect();
    await testDb?.close();
  });

  // Deletes this test's keys only: the Redis is shared with other tests, so no FLUSHALL.
  async function flushNamespace() {
    const keys = await redis.keys(`${namespace}:*`);
    if (keys.length > 0) await redis.del(...keys);
  }

  it('rebuilds a board from the verified runs on its first read, then keeps recording on it', async () => {
    const board = 'tournament:9';
    const before = createRedisLeaderboard(redis, testDb.db, namespace);
    await verifiedRun(testDb.db, before, board, wallet(21), 700);
    await verifiedRun(testDb.db, before, board, wallet(22), 800);
    await verifiedRun(testDb.db, before, board, wallet(21), 750);
    await flushNamespace();
    expect(await redis.exists(`${namespace}:gaming:board:${board}`)).toBe(0);

    // A fresh process on the emptied Redis: the board comes back from the runs, best score each.
    const after = createRedisLeaderboard(redis, testDb.db, namespace);
    expect(await after.top(board, 10)).toEqual([
      { wallet: wallet(22), score: 800, rank: 1 },
      { wallet: wallet(21), score: 750, rank: 2 },
    ]);
    expect(await redis.zcard(`${namespace}:gaming:board:${board}`)).toBe(2);
    await verifiedRun(testDb.db, after, board, wallet(23), 900);
    expect((await after.top(board, 10)).map((entry) => entry.wallet)).toEqual([
      wallet(23),
      wallet(22),
      wallet(21),
    ]);
  });

  it('merges a run recorded after the flush with the rebuilt board instead of showing it alone', async () => {
    const board = 'season:2026-10:classic';
    const leaderboard = createRedisLeaderboard(redis, testDb.db, namespace);
    await verifiedRun(testDb.db, leaderboard, board, wallet(31), 500);
    await leaderboard.top(board, 10);
    await flushNamespace();
    await verifiedRun(testDb.db, leaderboard, board, wallet(32), 100);
    expect(await leaderboard.top(board, 10)).toEqual([
      { wallet: wallet(31), score: 500, rank: 1 },
      { wallet: wallet(32), score: 100, rank: 2 },
    ]);
  });
});
