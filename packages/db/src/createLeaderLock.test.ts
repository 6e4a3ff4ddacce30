import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { createLeaderLock, type LeaderLock } from './createLeaderLock.js';

const databaseUrl = process.env.DATABASE_URL;
const lockId = BigInt(Date.now()) * 1000n + BigInt(process.pid % 1000);
const locks: LeaderLock[] = [];
const open = () => {
  const lock = createLeaderLock({ databaseUrl: databaseUrl as string, lockId, pollMs: 50 });
  locks.push(lock);
  return lock;
};
const settledWithin = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

afterEach(async () => {
  await Promise.all(locks.splice(0).map((lock) => lock.close()));
});

describe.skipIf(!databaseUrl)('createLeaderLock (PostgreSQL advisory lock)', () => {
  it('elects exactly one of two workers, and the standby takes over when the leader goes', async () => {
    const first = open();
    await first.elected;
    const second = open();
    // The standby keeps asking and keeps being refused while the leader holds the session.
    expect(await settledWithin(second.elected, 500)).toBe(false);
    expect([first.isLeader(), second.isLeader()]).toEqual([true, false]);

    await first.close();
    await second.elected;
    expect([first.isLeader(), second.isLeader()]).toEqual([false, true]);
  });

  it('reports a lost lock when the leader’s session is killed, so it stops leading', async () => {
    const leader = open();
    await leader.elected;
    const admin = postgres(databaseUrl as string, { max: 1, onnotice: () => {} });
    try {
      await admin`select pg_terminate_backend(pid) from pg_locks
        where locktype = 'advisory' and granted
          and ((classid::bigint << 32) | objid::bigint) = ${lockId.toString()}::bigint`;
    } finally {
      await admin.end();
    }
    const error = await leader.lost;
    expect(error).toBeInstanceOf(Error);
    expect(leader.isLeader()).toBe(false);
    // The lock is free again for a standby.
    const standby = open();
    await standby.elected;
    expect(standby.isLeader()).toBe(true);
  });
});
