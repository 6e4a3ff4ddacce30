import { batchFiles, type Db } from '@far/db';
import { and, eq } from 'drizzle-orm';
import { BaseError } from '../../../errors/BaseError.js';

/**
 * A batch file of `userId`'s: another user's file is as missing as one that never existed, and one
 * past its `expires_at` is gone (the batch worker deletes it soon after).
 *
 * @throws BaseError `not_found` naming `id`; `file_expired` (404) when it expired.
 */
export async function findOwnBatchFile(db: Db, userId: string, id: string) {
  const [file] = await db
    .select()
    .from(batchFiles)
    .where(and(eq(batchFiles.id, id), eq(batchFiles.userId, userId)));
  if (!file) throw new BaseError('not_found', `No such file: ${id}`, { details: { field: 'id' } });
  if (file.expiresAt.getTime() <= Date.now()) {
    throw new BaseError('file_expired', `File ${id} expired at ${file.expiresAt.toISOString()}`, {
      details: { field: 'id', expires_at: Math.floor(file.expiresAt.getTime() / 1000) },
    });
  }
  return file;
}
