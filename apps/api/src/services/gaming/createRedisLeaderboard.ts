import type { Redis } from 'ioredis';
import type { Leaderboard } from './Leaderboard.js';

/**
 * The leaderboard in Redis sorted sets, one per board (`ZADD … GT` keeps a wallet's best score),
 * so every replica reads the same ranking without querying the runs.
 *
 * @param redis - the Redis client.
 * @param namespace - keeps deployments or test runs sharing one Redis apart.
 * @returns the Redis-backed leaderboard.
 */
export function createRedisLeaderboard(redis: Redis, namespace = 'far'): Leaderboard {
  const key = (board: string) => `${namespace}:gaming:board:${board}`;
  return {
    async record(board, wallet, score) {
      await redis.zadd(key(board), 'GT', score, wallet);
    },
    async top(board, limit) {
      const flat = await redis.zrevrange(key(board), 0, limit - 1, 'WITHSCORES');
      const entries = [];
      for (let index = 0; index + 1 < flat.length; index += 2) {
        entries.push({ wallet: flat[index] ?? '', score: Number(flat[index + 1]), rank: index / 2 + 1 });
      }
      return entries;
    },
  };
}
