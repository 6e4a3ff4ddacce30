import { authNonces, type Db } from '@far/db';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { generateSiweNonce } from 'viem/siwe';

/** Sign-in nonces: issued once, consumed once, expire on their own. */
export interface NonceStore {
  issue(): Promise<{ nonce: string; expiresAt: Date }>;
  /** Atomically marks the nonce used; false when unknown, expired or already used. */
  consume(nonce: string): Promise<boolean>;
}

const NONCE_TTL_MS = 5 * 60_000;

/** Nonces in Redis (`SET NX PX` / `GETDEL`), shared by every API replica. */
export function createRedisNonceStore(redis: Redis, ttlMs = NONCE_TTL_MS): NonceStore {
  return {
    async issue() {
      const nonce = generateSiweNonce();
      await redis.set(`far:siwe:nonce:${nonce}`, '1', 'PX', ttlMs, 'NX');
      return { nonce, expiresAt: new Date(Date.now() + ttlMs) };
    },
    async consume(nonce) {
      return (await redis.getdel(`far:siwe:nonce:${nonce}`)) === '1';
    },
  };
}

/**
 * Nonces in the database, for a deployment without Redis. Unlike a per-process map, they
 * survive a restart and are shared if a second process ever points at the same database.
 */
export function createDbNonceStore(db: Db, ttlMs = NONCE_TTL_MS): NonceStore {
  return {
    async issue() {
      const nonce = generateSiweNonce();
      const expiresAt = new Date(Date.now() + ttlMs);
      await db.delete(authNonces).where(lt(authNonces.expiresAt, new Date()));
      await db.insert(authNonces).values({ nonce, expiresAt });
      return { nonce, expiresAt };
    },
    async consume(nonce) {
      const used = await db
        .update(authNonces)
        .set({ usedAt: new Date() })
        .where(
          and(eq(authNonces.nonce, nonce), isNull(authNonces.usedAt), gt(authNonces.expiresAt, new Date())),
        )
        .returning({ nonce: authNonces.nonce });
      return used.length === 1;
    },
  };
}
