import type { Db } from '@far/db';
import { PgTransaction } from 'drizzle-orm/pg-core';

/** The answers a pipelined transaction's statements left to its COMMIT, by the transaction. */
const answersLeftToCommit = new WeakMap<Db, Promise<unknown>[]>();

/**
 * Runs `fn` in a transaction of its own whose last statement need not be answered before the
 * COMMIT is sent: a statement handed to {@link answeredAtCommit} is sent, `fn` goes on without its
 * answer, and the driver sends the COMMIT right behind it, in the same write (issue 12: a paid
 * request's reservation is four round trips, about a millisecond each under load, and the client's
 * first token waits for them).
 *
 * Why nothing can commit that should not: the server runs a connection's statements in order, and
 * a COMMIT after a statement that failed rolls the transaction back instead. Every answer left to
 * the COMMIT is awaited before this resolves, so a failure is thrown as if it had been awaited in
 * place (the driver's own "rolled back instead of committing" error is replaced by its cause).
 *
 * Inside a caller's transaction (a savepoint, or a group commit's flattened transaction) it opens
 * nothing of its own: there is no COMMIT to send, and a savepoint must roll back on its own. A
 * handle made from the pipelined transaction by withoutSavepoints is that same transaction, so
 * what is sent on it is left to the COMMIT too (a group commit's jobs).
 *
 * @param executor - the root database, or an open transaction (then plain `transaction(fn)`).
 * @param fn - the transaction's work; its statements run on the handle it is given.
 * @returns what `fn` returned, once the transaction has committed.
 * @example
 * await transactionWithPipelinedCommit(db, async (tx) => {
 *   await answeredAtCommit(tx, postingsStatement(tx)); // sent; COMMIT follows it
 * });
 */
export async function transactionWithPipelinedCommit<R>(
  executor: Db,
  fn: (tx: Db) => Promise<R>,
): Promise<R> {
  const inCallersTransaction: boolean = executor instanceof PgTransaction; // (annotated: not narrowed)
  if (inCallersTransaction) return executor.transaction(fn);
  const left: Promise<unknown>[] = [];
  let result: R;
  try {
    result = await executor.transaction((tx) => {
      answersLeftToCommit.set(tx, left);
      return fn(tx);
    });
  } catch (error) {
    // A statement left to the COMMIT failed first: it is the cause, not the rollback it led to.
    await Promise.all(left);
    throw error;
  }
  await Promise.all(left);
  return result;
}

/**
 * Hands a sent statement's answer to the COMMIT of the pipelined transaction it runs in (see
 * {@link transactionWithPipelinedCommit}): resolves at once, and its failure is thrown by the
 * transaction instead. Anywhere else it waits for the answer, as awaiting it would. Statements
 * sent after it are safe (the server refuses them once it failed); nothing outside the database
 * that counts on its success may happen before the transaction resolves.
 *
 * @param tx - the transaction the statement was sent on.
 * @param answer - the statement's pending answer (already sent: a driver call, not a lazy builder).
 * @returns a promise that resolves when the caller may go on.
 */
export async function answeredAtCommit(tx: Db, answer: Promise<unknown>): Promise<void> {
  const left = answersLeftOf(tx);
  if (left === undefined) {
    await answer;
    return;
  }
  answer.catch(() => {}); // handled: the transaction awaits it
  left.push(answer);
}

/**
 * The list `tx`'s pipelined transaction collects, found through the handles made from it with
 * `Object.create` (withoutSavepoints: the same transaction, no savepoint of its own).
 */
function answersLeftOf(tx: Db): Promise<unknown>[] | undefined {
  for (let handle: object | null = tx; handle !== null; handle = Object.getPrototypeOf(handle)) {
    const left = answersLeftToCommit.get(handle as Db);
    if (left !== undefined) return left;
  }
  return undefined;
}
