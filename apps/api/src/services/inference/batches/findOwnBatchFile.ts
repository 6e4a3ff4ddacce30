import { batchFiles, type Db } from '@far/db';
import { and, eq } from 'drizzle-orm';
import { BaseError } from '../../../errors/BaseError.js';

/**
 * A batch file of `userId`'s: another user's file is as missing as one that never existed.
 *
 * @throws BaseError `not_found` naming `id`.
 */
export async function findOwnBatchFile(db: Db, userId: string, id: string) {
  const [file] = await db
    .select()
    .from(batchFiles)
    .where(and(eq(batchFiles.id, id), eq(batchFiles.userId, userId)));
  if (!file) throw new BaseError('not_found', `No such file: ${id}`, { details: { field: 'id' } });
  return file;
}
