import { type Db, type GamedBuildUpload, gamedBuildUploads } from '@far/db';
import { eq } from 'drizzle-orm';
import { BaseError } from '../../../errors/BaseError.js';
import type { Caller } from '../../../http/appEnv.js';
import type { BuildStorage } from './BuildStorage.js';
import { expectedPartBytes, partCountOf } from './buildRules.js';
import { Sha256StateSchema, updateSha256 } from './resumableSha256.js';

/**
 * Takes part `partNumber` of an upload: it must be the next one, exactly as long as the file's
 * size says, and sent by the studio that started the upload. The part is stored and hashed in the
 * same database transaction that advances the upload, holding the row's lock, so two requests for
 * the same part cannot both count, and the stored hash state always matches the stored parts.
 *
 * @returns the upload after this part.
 * @throws BaseError `not_found` (not the caller's upload), `conflict` (not the next part, or the
 * upload is finished; `details.nextPart` says where to go on), `validation_failed` (wrong length).
 */
export async function receiveBuildPart(
  deps: { db: Db; storage: BuildStorage },
  input: { caller: Caller; uploadId: string; partNumber: number; bytes: Uint8Array },
): Promise<GamedBuildUpload> {
  const { caller, uploadId, partNumber, bytes } = input;
  return deps.db.transaction(async (tx) => {
    const [upload] = await tx
      .select()
      .from(gamedBuildUploads)
      .where(eq(gamedBuildUploads.id, uploadId))
      .for('update');
    if (!upload || upload.createdBy !== caller.userId)
      throw new BaseError('not_found', 'No such upload among yours');
    if (upload.status !== 'uploading') {
      throw new BaseError('conflict', `The upload is ${upload.status}`, {
        details: { status: upload.status },
      });
    }
    const partCount = partCountOf(upload.sizeBytes, upload.partSizeBytes);
    if (partNumber !== upload.nextPart || partNumber > partCount) {
      throw new BaseError('conflict', `Expected part ${upload.nextPart} of ${partCount}`, {
        details: { nextPart: upload.nextPart, partCount },
      });
    }
    const expected = expectedPartBytes(upload.sizeBytes, upload.partSizeBytes, partNumber);
    if (bytes.length !== expected) {
      throw new BaseError(
        'validation_failed',
        `Part ${partNumber} must be ${expected} bytes, got ${bytes.length}`,
        {
          details: { field: 'body', expectedBytes: expected },
        },
      );
    }
    await deps.storage.putPart(upload.storageKey, partNumber, bytes);
    const hashState = updateSha256(Sha256StateSchema.parse(upload.hashState), bytes);
    const [updated] = await tx
      .update(gamedBuildUploads)
      .set({ hashState, nextPart: partNumber + 1, receivedBytes: upload.receivedBytes + bytes.length })
      .where(eq(gamedBuildUploads.id, uploadId))
      .returning();
    if (!updated) throw new Error('upload row vanished under its lock');
    return updated;
  });
}
