import { BaseError } from '../../errors/BaseError.js';

export type ChatRateLimits = { perUserPerMinute: number; perTwinPerMinute: number };

/**
 * Per-user and per-twin chat limits over fixed one-minute windows, in this process (each replica
 * counts its own share). A user cannot flood one twin, and a twin cannot be made to serve more
 * than its limit to everyone together.
 *
 * @returns `admit(userId, twinId)`, which throws `rate_limited` (429, Retry-After) when over.
 */
export function createChatRateLimits(limits: ChatRateLimits) {
  let window = 0;
  const counts = new Map<string, number>();
  const over = (key: string, limit: number) => {
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    return n > limit;
  };
  return {
    admit(userId: string, twinId: string, now = Date.now()) {
      const current = Math.floor(now / 60_000);
      if (current !== window) {
        window = current;
        counts.clear();
      }
      const retry = { headers: { 'Retry-After': String(60 - Math.floor((now % 60_000) / 1000)) } };
      if (over(`user:${userId}:${twinId}`, limits.perUserPerMinute)) {
        throw new BaseError('rate_limited', 'Too many messages to this twin; wait a minute', retry);
      }
      if (over(`twin:${twinId}`, limits.perTwinPerMinute)) {
        throw new BaseError('rate_limited', 'This twin is answering too many people; wait a minute', retry);
      }
    },
  };
}
