import { type Db, type GamedBuildUpload, type GamedPlatform, gamedBuildUploads } from '@far/db';
import { BaseError } from '../../../errors/BaseError.js';
import type { Caller } from '../../../http/appEnv.js';
import { findStudioPage } from '../findStudioPage.js';
import { checkBuildFile } from './buildRules.js';
import { startSha256 } from './resumableSha256.js';

/** A file name safe in a storage key and a download header: letters, digits, `.`, `-`, `_`. */
const storageName = (fileName: string) => fileName.replace(/[^\w.-]/g, '_').slice(-120);

/**
 * Opens an upload of a build for one of the caller's games, after checking its size and type
 * against the platform's rules, so nothing is sent that would be refused at the end.
 *
 * @returns the upload row; the client sends `partSizeBytes` parts to it.
 * @throws BaseError `not_found` (not the caller's page), `payload_too_large`, `unsupported_media_type`,
 * `validation_failed` (an empty file).
 */
export async function startBuildUpload(
  db: Db,
  input: {
    caller: Caller;
    pageId: string;
    platform: GamedPlatform;
    fileName: string;
    sizeBytes: number;
    partSizeBytes: number;
  },
): Promise<GamedBuildUpload> {
  const page = await findStudioPage(db, input.caller, input.pageId);
  if (input.sizeBytes < 1) {
    throw new BaseError('validation_failed', 'sizeBytes: a build has at least one byte', {
      details: { field: 'sizeBytes' },
    });
  }
  checkBuildFile(input.platform, input.fileName, input.sizeBytes);
  const id = crypto.randomUUID();
  const [upload] = await db
    .insert(gamedBuildUploads)
    .values({
      id,
      pageId: page.id,
      platform: input.platform,
      fileName: input.fileName,
      sizeBytes: input.sizeBytes,
      partSizeBytes: input.partSizeBytes,
      hashState: startSha256(),
      storageKey: `games/${page.id}/${input.platform}/${id}/${storageName(input.fileName)}`,
      createdBy: input.caller.userId,
    })
    .returning();
  if (!upload) throw new Error('upload insert returned no row');
  return upload;
}
