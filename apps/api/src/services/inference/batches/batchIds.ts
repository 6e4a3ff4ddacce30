import { createHash, randomBytes } from 'node:crypto';

/** A new file id, as OpenAI's look: `file-` and 24 hex characters. */
export const newBatchFileId = (): string => `file-${randomBytes(12).toString('hex')}`;

/** A new batch id: `batch_` and 24 hex characters. */
export const newBatchId = (): string => `batch_${randomBytes(12).toString('hex')}`;

/**
 * The id of a finished batch's output or error file, derived from the batch, so a finalization
 * that runs twice (its runner died half way) writes the same file once.
 */
export const batchResultFileId = (batchId: string, kind: 'output' | 'errors'): string =>
  `file-${createHash('sha256').update(`${batchId}\u0000${kind}`).digest('hex').slice(0, 24)}`;

/**
 * The inference task id of one attempt at one batch request: a UUID derived from (batch id,
 * custom_id, attempt). The task's reservation and settlement are keyed by it, so the same attempt
 * cannot reserve or bill twice, and a retry (attempt + 1) is a new task.
 *
 * @example
 * batchTaskId('batch_abc', 'req-1', 1) // the same UUID on every replica
 */
export function batchTaskId(batchId: string, customId: string, attempt: number): string {
  const hex = createHash('sha256').update(`${batchId}\u0000${customId}\u0000${attempt}`).digest('hex');
  // Shaped as a version 8 (custom) UUID, variant 10.
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
