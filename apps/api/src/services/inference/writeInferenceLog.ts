import { type Db, inferenceLogs } from '@far/db';
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

/**
 * Writes a finished task's inference log, after and apart from its bill: a log that cannot be
 * written costs the log, never the bill it explains. Text in the document is cleaned with
 * `toStorableJson` first (a prompt that reached here unchecked, a node's error message), so only
 * a database fault can fail it; that is logged, not thrown.
 *
 * @param db - the root database handle (not the settlement's transaction).
 * @param logger - where a failed write is reported.
 * @param entry - the row to insert.
 * @returns once the row is written or the failure logged; never rejects.
 * @example
 * await writeInferenceLog(db, logger, { taskId, userId, nodeId, doc: { prompt, metadata } });
 */
export async function writeInferenceLog(db: Db, logger: Logger, entry: InferenceLogEntry): Promise<void> {
  try {
    await db.insert(inferenceLogs).values({ ...entry, doc: toStorableJson(entry.doc) });
  } catch (error) {
    logger.error({ err: error, taskId: entry.taskId }, 'could not write the inference log; the bill stands');
  }
}
