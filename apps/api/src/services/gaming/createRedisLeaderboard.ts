import type { Db } from '@far/db';
import type { Redis } from 'ioredis';
import type { Leaderboard } from './Leaderboard.js';
import { readBestScores } from './readBestScores.js';

/**
 * The leaderboard in Redis sorted sets, one per board (`ZADD … GT` keeps a wallet's best score),
 * so every replica reads the same ranking without querying the runs. Redis is a cache of the
 * database here: a board Redis does not hold (flushed, restarted without persistence, evicted) is
 * rebuilt from the verified runs on its first read. A marker key says a board was built, since an
 * empty board has no sorted set and a set holding only the runs recorded since the flush is not
 * the whole board.
 *
 * @param redis - the Redis client.
 * @param db - the database holding the verified runs.
 * @param namespace - keeps deployments or test runs sharing one Redis apart.
 * @returns the Redis-backed leaderboard.
 */
export function createRedisLeaderboard(redis: Redis, db: Db, namespace = 'far'): Leaderboard {
  const key = (board: string) => `${namespace}:gaming:board:${board}`;
  const builtKey = (board: string) => `${namespace}:gaming:board-built:${board}`;

  const ensureBuilt = async (board: string) => {
    if ((await redis.exists(builtKey(board))) === 1) return;
    const best = await readBestScores(db, board);
    // GT merges with whatever a concurrent run recorded meanwhile: the best score still wins.
    const rebuild = redis.multi();
    if (best.length > 0) {
      rebuild.zadd(key(board), 'GT', ...best.flatMap((entry) => [entry.score, entry.wallet]));
    }
    await rebuild.set(builtKey(board), '1').exec();
  };

  return {
    async record(board, wallet, score) {
      await redis.zadd(key(board), 'GT', score, wallet);
    },
    async top(board, limit) {
      await ensureBuilt(board);
      const flat = await redis.zrevrange(key(board), 0, limit - 1, 'WITHSCORES');
      const entries = [];
      for (let index = 0; index + 1 < flat.length; index += 2) {
        entries.push({ wallet: flat[index] ?? '', score: Number(flat[index + 1]), rank: index / 2 + 1 });
      }
      return entries;
    },
  };
}
