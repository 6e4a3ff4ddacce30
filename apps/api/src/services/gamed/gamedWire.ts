import type { GamedBuildUpload } from '@far/db';
import { z } from '@hono/zod-openapi';
import { gamedPlatforms } from './builds/buildRules.js';

/** A build's platform, as `GameLicenses` numbers them: windows 0, macos 1, linux 2, web 3. */
export const PlatformSchema = z.enum(gamedPlatforms).openapi({ example: 'linux' });

/** A game page's id in the path. */
export const PagePathSchema = z.object({ pageId: z.uuid() });

/** An upload's id in the path. */
export const UploadPathSchema = z.object({ uploadId: z.uuid() });

const Sha256Schema = z
  .string()
  .regex(/^[0-9a-f]{64}$/)
  .openapi({ description: 'SHA-256, lowercase hex' });

export const UploadSchema = z
  .object({
    id: z.uuid(),
    pageId: z.uuid(),
    platform: PlatformSchema,
    fileName: z.string(),
    sizeBytes: z.number().int(),
    partSizeBytes: z.number().int(),
    partCount: z.number().int(),
    nextPart: z.number().int(),
    receivedBytes: z.number().int(),
    status: z.enum(['uploading', 'complete', 'aborted']),
    sha256: Sha256Schema.nullable().openapi({
      description: 'Set once complete: publish it with publishBuild',
    }),
    createdAt: z.iso.datetime(),
    completedAt: z.iso.datetime().nullable(),
  })
  .openapi('GamedUpload');

/** The wire form of an upload row. */
export function toUploadView(upload: GamedBuildUpload): z.infer<typeof UploadSchema> {
  return {
    id: upload.id,
    pageId: upload.pageId,
    platform: upload.platform,
    fileName: upload.fileName,
    sizeBytes: upload.sizeBytes,
    partSizeBytes: upload.partSizeBytes,
    partCount: Math.ceil(upload.sizeBytes / upload.partSizeBytes),
    nextPart: upload.nextPart,
    receivedBytes: upload.receivedBytes,
    status: upload.status,
    sha256: upload.sha256,
    createdAt: upload.createdAt.toISOString(),
    completedAt: upload.completedAt?.toISOString() ?? null,
  };
}
