import type { Db } from '@far/db';
import { lendGroupLocks } from './groupLocks.js';
import type { LedgerAccountRef } from './LedgerAccountRef.js';
import { lockReservationsAndAccounts } from './lockReservationsAndAccounts.js';
import { transactionWithPipelinedCommit } from './transactionWithPipelinedCommit.js';
import { withoutSavepoints } from './withoutSavepoints.js';

/** The most postings one group transaction carries. */
const MAX_GROUP_SIZE = 64;

/** One posting to commit with others: the rows it locks, and the work, given the open transaction. */
export type GroupCommitJob<T> = {
  /** The reservations the work moves (locked first, in id order, as every settlement does). */
  reservationIds: readonly string[];
  /** Every ledger account the work posts to (locked next, in id order). */
  accounts: readonly LedgerAccountRef[];
  /**
   * The posting. It is given the group's transaction, or the root database when it is run alone
   * after its group failed: it must use only the executor it is given and change nothing outside
   * the database, since a failed group is rolled back and every job in it run again alone.
   */
  work: (executor: Db) => Promise<T>;
};

export type GroupCommit = {
  /** Runs `job` in the next group; resolves once its transaction has committed. */
  run<T>(job: GroupCommitJob<T>): Promise<T>;
  /** Waits for every job submitted so far to commit or fail. */
  drain(): Promise<void>;
};

type Pending = {
  job: GroupCommitJob<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};

/**
 * Group commit for ledger postings: the postings that arrive while a group commits are committed
 * together in the next one, one transaction for up to {@link MAX_GROUP_SIZE} of them, instead of
 * one transaction each. Alone (a quiet moment) a job starts at once; under load each saves its
 * own BEGIN and COMMIT round trips and WAL flush, and the hot accounts every settlement touches
 * (stakers pool, treasury) are locked once per group instead of being queued for by every task.
 * A job's postings statement is not waited for (its balances are the group's, in memory): the next
 * job's statements and the COMMIT are sent right behind it (transactionWithPipelinedCommit).
 *
 * Lock order is that of every other posting: the group's reservations first, then all of its
 * accounts, each in id order, before any job runs; so a group cannot deadlock with a settlement
 * or a reservation elsewhere. The jobs then run one after another in the transaction (a ledger
 * posting writes balances computed from what it read, so two must not interleave). A job that
 * throws rolls back its group; every job of it is then run again alone, in a transaction of its
 * own, so one failing posting never costs the others theirs. Only one group is in flight at a time
 * per database handle.
 *
 * @param db - the root database handle.
 * @returns `run` and `drain`.
 * @example
 * const groups = createGroupCommit(db);
 * await groups.run({ reservationIds: [id], accounts, work: (tx) => settleReservation(tx, params) });
 */
export function createGroupCommit(db: Db): GroupCommit {
  let queue: Pending[] = [];
  let flushing: Promise<void> | undefined;

  const commitNext = async () => {
    while (queue.length > 0) {
      const group = queue.slice(0, MAX_GROUP_SIZE);
      queue = queue.slice(MAX_GROUP_SIZE);
      await commitGroup(db, group);
    }
    flushing = undefined;
  };

  return {
    run<T>(job: GroupCommitJob<T>) {
      return new Promise<T>((resolve, reject) => {
        queue.push({ job, resolve: resolve as (value: unknown) => void, reject });
        flushing ??= Promise.resolve().then(commitNext);
      });
    },
    async drain() {
      while (flushing) await flushing;
    },
  };
}

/**
 * Commits `group` in one transaction, or, if that fails, each of its jobs alone. A group of one
 * takes the same path (its reservation and accounts locked in one statement, see
 * lockReservationsAndAccounts): in its own transaction a job gets savepoints back, so a job that
 * recovers from a failed nested posting is not failed by the group's flattening of them.
 */
async function commitGroup(db: Db, group: Pending[]): Promise<void> {
  let results: unknown[];
  try {
    results = await transactionWithPipelinedCommit(db, async (tx) => {
      const inGroup = withoutSavepoints(tx);
      // The jobs' own locks are answered from these rows: two statements fewer per job.
      lendGroupLocks(
        inGroup,
        await lockReservationsAndAccounts(
          tx,
          group.flatMap((p) => p.job.reservationIds),
          group.flatMap((p) => p.job.accounts),
        ),
      );
      const done: unknown[] = [];
      for (const pending of group) done.push(await pending.job.work(inGroup));
      return done;
    });
  } catch {
    // Which job failed, and whether it fails again alone, is for each job's own transaction to say.
    for (const pending of group) await pending.job.work(db).then(pending.resolve, pending.reject);
    return;
  }
  for (const [i, pending] of group.entries()) pending.resolve(results[i]);
}
