import { type Db, type GamedBuildUpload, gamedBuildUploads } from '@far/db';
import { and, eq } from 'drizzle-orm';
import { BaseError } from '../../../errors/BaseError.js';
import type { Caller } from '../../../http/appEnv.js';
import type { BuildStorage } from './BuildStorage.js';
import { partCountOf } from './buildRules.js';
import { finishSha256, Sha256StateSchema } from './resumableSha256.js';

/**
 * Finishes an upload once every byte has arrived: joins the parts in storage and records the
 * file's SHA-256, the hash the studio then publishes on chain with `publishBuild`.
 *
 * @returns the completed upload with its `sha256`.
 * @throws BaseError `not_found` (not the caller's), `conflict` (bytes missing, or not uploading).
 */
export async function completeBuildUpload(
  deps: { db: Db; storage: BuildStorage },
  input: { caller: Caller; uploadId: string },
): Promise<GamedBuildUpload> {
  const [upload] = await deps.db
    .select()
    .from(gamedBuildUploads)
    .where(eq(gamedBuildUploads.id, input.uploadId));
  if (!upload || upload.createdBy !== input.caller.userId) {
    throw new BaseError('not_found', 'No such upload among yours');
  }
  if (upload.status === 'complete') return upload;
  if (upload.status !== 'uploading') throw new BaseError('conflict', `The upload is ${upload.status}`);
  if (upload.receivedBytes !== upload.sizeBytes) {
    throw new BaseError('conflict', `Received ${upload.receivedBytes} of ${upload.sizeBytes} bytes`, {
      details: { nextPart: upload.nextPart },
    });
  }
  await deps.storage.assemble(upload.storageKey, partCountOf(upload.sizeBytes, upload.partSizeBytes));
  const sha256 = finishSha256(Sha256StateSchema.parse(upload.hashState));
  const [completed] = await deps.db
    .update(gamedBuildUploads)
    .set({ sha256, status: 'complete', completedAt: new Date() })
    .where(and(eq(gamedBuildUploads.id, upload.id), eq(gamedBuildUploads.status, 'uploading')))
    .returning();
  // A concurrent completion won the update: it assembled the same parts, so its row is as good.
  if (!completed) {
    const [current] = await deps.db
      .select()
      .from(gamedBuildUploads)
      .where(eq(gamedBuildUploads.id, upload.id));
    if (current?.status === 'complete') return current;
    throw new BaseError('conflict', 'The upload changed while completing');
  }
  return completed;
}
