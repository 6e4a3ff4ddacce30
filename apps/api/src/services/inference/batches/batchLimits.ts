/** The endpoints a batch line may call, each one the interactive API's own. */
export const BATCH_ENDPOINTS = ['/v1/chat/completions', '/v1/completions', '/v1/embeddings'] as const;

export type BatchEndpoint = (typeof BATCH_ENDPOINTS)[number];

/**
 * Bounds of the Batch API. OpenAI allows 50,000 requests and 200 MB per file; files live in the
 * database here (see `batch_files`), so a file is held to a few MiB until they move to object storage.
 */
export const BATCH_LIMITS = {
  /** Requests (lines) per input file. */
  maxRequests: 50_000,
  /** Bytes per uploaded file. */
  maxFileBytes: 8 * 1024 * 1024,
  maxCustomIdLength: 512,
  maxFilenameLength: 255,
  /** Line errors a refused upload lists (the first ones, in line order). */
  maxReportedErrors: 20,
  /** Keys per batch's metadata, and each key's and value's length (OpenAI's bounds). */
  maxMetadataKeys: 16,
  maxMetadataKeyLength: 64,
  maxMetadataValueLength: 512,
  /** A file's life (`expires_after[seconds]`, OpenAI's bounds): 1 hour to 30 days, 30 days by default. */
  minFileExpirySeconds: 3_600,
  maxFileExpirySeconds: 2_592_000,
} as const;

/** The only completion window offered, as OpenAI's: a batch not done 24 hours after creation expires. */
export const BATCH_COMPLETION_WINDOW = '24h';
export const BATCH_COMPLETION_WINDOW_MS = 24 * 60 * 60 * 1000;
