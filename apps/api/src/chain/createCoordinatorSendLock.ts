import type { DbHandle } from '@far/db';
import { sql } from 'drizzle-orm';

/** Runs one transaction's nonce read, signing and sending alone among every sender from the coordinator's key. */
export type CoordinatorSendLock = {
  run<T>(send: () => Promise<T>): Promise<T>;
};

/**
 * The transaction-scoped advisory lock every process holds while it sends from the coordinator's
 * key; the same number in every process (`api` replicas and the leading `worker`).
 */
const COORDINATOR_SEND_LOCK_ID = 7_301_944_117n;

/** This process's queue of sends per database, whichever lock object they come through. */
const queues = new WeakMap<object, Promise<unknown>>();

/**
 * The lock that keeps the coordinator key's senders from racing for a nonce. In production the
 * `api` replicas send (spending authorizations, Farcana's results relay) while the leading
 * `worker` sends too (settlement batches, node ratings, slash proposals, tournament results), each
 * process from its own wallet. A nonce counted in one process is invisible to the others, so each
 * send instead runs alone: queued in this process (one queue per database, however many locks are
 * made on it), then under a Postgres advisory lock held by a
 * transaction around it, and its nonce is the chain's pending count read inside the lock, which
 * already counts every transaction sent before. A crashed sender's lock ends with its session, and
 * a send that fails leaves no gap (no nonce is reserved before the chain has the transaction).
 * PGlite is one process, so the queue alone suffices there; holding a PGlite transaction across an
 * RPC call would also block every other query of the process.
 *
 * @param database - the process's database: Postgres gives the cross-process lock.
 * @returns the lock; `createCoordinatorWallet` sends every transaction through `run`.
 * @example
 * const wallet = createCoordinatorWallet(config, createCoordinatorSendLock(database));
 */
export function createCoordinatorSendLock(database: Pick<DbHandle, 'db' | 'kind'>): CoordinatorSendLock {
  const acrossProcesses = <T>(send: () => Promise<T>): Promise<T> =>
    database.kind === 'postgres'
      ? database.db.transaction(async (tx) => {
          await tx.execute(sql`select pg_advisory_xact_lock(${COORDINATOR_SEND_LOCK_ID.toString()}::bigint)`);
          return send();
        })
      : send();
  return {
    run(send) {
      const turn = (queues.get(database.db) ?? Promise.resolve()).then(() => acrossProcesses(send));
      queues.set(
        database.db,
        turn.catch(() => undefined),
      );
      return turn;
    },
  };
}
