import type { Readable } from 'node:stream';

/**
 * Where build files live: a local folder by default, any S3-compatible store in production
 * (`createBuildStorage` chooses from the config). A build arrives as numbered parts, in order;
 * `assemble` joins them into the object at `key` and drops the parts.
 */
export type BuildStorage = {
  /** `local` or `s3`, for logs and the readiness of presigned downloads. */
  kind: 'local' | 's3';
  /** Stores part `partNumber` (1-based) of the object being uploaded at `key`; a retry overwrites it. */
  putPart(key: string, partNumber: number, bytes: Uint8Array): Promise<void>;
  /** Joins parts 1…`partCount` into the object at `key`, then deletes the parts. */
  assemble(key: string, partCount: number): Promise<void>;
  /** Deletes whatever parts of an unfinished upload were stored. */
  discardParts(key: string, partCount: number): Promise<void>;
  /** Streams the object; throws `BuildNotStoredError` when it is missing. */
  read(key: string): Promise<{ body: Readable; sizeBytes: number }>;
  /**
   * A URL the browser can fetch the object from directly for `expiresInSeconds`, or undefined
   * when the API streams it itself (the local folder).
   */
  presignDownload(key: string, fileName: string, expiresInSeconds: number): Promise<string | undefined>;
};

/** The object a download names is not in storage (deleted, or the storage was reset). */
export class BuildNotStoredError extends Error {
  override name = 'BuildNotStoredError';
  constructor(readonly key: string) {
    super(`build ${key} is not in storage`);
  }
}
