import type { Db } from '@far/db';

/**
 * The open transaction as a database handle whose `transaction(fn)` runs `fn` in it directly: a
 * posting that opens its own transaction joins this one instead of opening a savepoint (a round
 * trip more per posting). Only for work whose every failure fails the whole transaction: nothing
 * is rolled back on its own.
 *
 * @param tx - the open transaction.
 * @returns a handle on the same transaction.
 * @example
 * const inGroup = withoutSavepoints(tx);
 * await settleReservation(inGroup, params); // no SAVEPOINT
 */
export function withoutSavepoints(tx: Db): Db {
  const flat = Object.create(tx) as Db;
  Object.defineProperty(flat, 'transaction', {
    value: <R>(fn: (inner: Db) => Promise<R>) => fn(flat),
  });
  return flat;
}
