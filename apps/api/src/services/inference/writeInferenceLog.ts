import { cachedRowInsert, createStatementCache, type Db, inferenceLogs } from '@far/db';
import { toStorableJson } from '@far/protocol';
import type { Logger } from '../../observability/createLogger.js';

export type InferenceLogEntry = {
  taskId: string;
  userId: string;
  /** The gpu_nodes row of the node that finished the task, when one did. */
  nodeId: string | null;
  /** The `inference_logs` document: prompt, metadata, timestamps, performance, cost. */
  doc: Record<string, unknown>;
};

/** The one-row insert, rendered to SQL once per shape (with or without a node), not per log. */
const statements = createStatementCache();

/** An entry waiting for the next insert, and who waits for it. */
type Queued = { row: InferenceLogEntry; logger: Logger; done: () => void };

/** Per database handle: the entries waiting while an insert is under way. */
const queues = new WeakMap<Db, { waiting: Queued[]; writing: boolean }>();

/**
 * Writes a finished task's inference log, after and apart from its bill: a log that cannot be
 * written costs the log, never the bill it explains. Text in the document is cleaned with
 * `toStorableJson` first (a prompt that reached here unchecked, a node's error message), so only
 * a database fault can fail it; that is logged, not thrown.
 *
 * Logs are group-inserted: one is written at once when no insert is under way; the ones that
 * finish meanwhile wait for it and then go together in one statement (under load, one insert
 * for many tasks; alone, no wait). If a group fails, its rows are tried one by one, so a row that
 * cannot be written costs only itself.
 *
 * @param db - the root database handle (not the settlement's transaction).
 * @param logger - where a failed write is reported.
 * @param entry - the row to insert.
 * @returns once the row is written or the failure logged; never rejects.
 * @example
 * await writeInferenceLog(db, logger, { taskId, userId, nodeId, doc: { prompt, metadata } });
 */
export function writeInferenceLog(db: Db, logger: Logger, entry: InferenceLogEntry): Promise<void> {
  let queue = queues.get(db);
  if (!queue) {
    queue = { waiting: [], writing: false };
    queues.set(db, queue);
  }
  let row: InferenceLogEntry;
  try {
    row = { ...entry, doc: toStorableJson(entry.doc) };
  } catch (error) {
    logger.error({ err: error, taskId: entry.taskId }, 'could not write the inference log; the bill stands');
    return Promise.resolve();
  }
  const written = new Promise<void>((done) => queue.waiting.push({ row, logger, done }));
  if (!queue.writing) void drainQueue(db, queue);
  return written;
}

/** Inserts what waits, a group at a time, until nothing does. */
async function drainQueue(db: Db, queue: { waiting: Queued[]; writing: boolean }): Promise<void> {
  queue.writing = true;
  while (queue.waiting.length > 0) {
    const group = queue.waiting.splice(0, LOGS_PER_INSERT);
    try {
      await insertRows(db, group);
    } catch {
      for (const q of group) await insertOne(db, q);
    }
    for (const q of group) q.done();
  }
  queue.writing = false;
}

/** The rows of one insert at most (a document holds a prompt: keep a statement's size bounded). */
const LOGS_PER_INSERT = 100;

async function insertOne(db: Db, queued: Queued): Promise<void> {
  try {
    await insertRows(db, [queued]);
  } catch (error) {
    queued.logger.error(
      { err: error, taskId: queued.row.taskId },
      'could not write the inference log; the bill stands',
    );
  }
}

/** One row through the statement cache (the common case at a moderate load); more as one insert. */
function insertRows(db: Db, group: readonly Queued[]): Promise<unknown> {
  const [only] = group;
  if (group.length === 1 && only !== undefined)
    return statements.run(db, cachedRowInsert(db, inferenceLogs, only.row, 'log'));
  return db.insert(inferenceLogs).values(group.map((q) => q.row));
}
