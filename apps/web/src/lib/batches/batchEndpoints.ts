import { apiClient, bearer } from '../api/apiClient';
import type { components } from '../api/apiSchema.generated';
import { readApiData } from '../api/readApiData';

type BatchBody = components['schemas']['Batch'];

const seconds = (value: number | null) => (value === null ? null : new Date(value * 1000));

const toBatch = (batch: BatchBody) => ({
  id: batch.id,
  endpoint: batch.endpoint,
  status: batch.status,
  createdAt: new Date(batch.created_at * 1000),
  completedAt: seconds(batch.completed_at ?? batch.cancelled_at ?? batch.expired_at ?? batch.failed_at),
  counts: batch.request_counts,
  outputFileId: batch.output_file_id,
  errorFileId: batch.error_file_id,
  discountBps: batch.far.discount_bps,
  costFarWei: BigInt(batch.far.cost_far_wei),
});

/** The signed-in user's latest batches (Batch API), newest first. */
export function listBatches(accessToken: string, limit = 20) {
  return readApiData(
    apiClient.GET('/v1/batches', { params: { query: { limit } }, headers: bearer(accessToken) }),
    (body) => body.data.map(toBatch),
  );
}

/**
 * A batch file's JSON Lines (its results or errors), for the browser to save.
 * @param accessToken - the session's token
 * @param fileId - the batch's output or error file
 * @returns the file's text
 */
export async function fetchBatchFileContent(accessToken: string, fileId: string): Promise<string> {
  const { data, response } = await apiClient.GET('/v1/files/{id}/content', {
    params: { path: { id: fileId } },
    headers: bearer(accessToken),
    parseAs: 'text',
  });
  if (!response.ok || typeof data !== 'string')
    throw new Error(`The file could not be read (${response.status})`);
  return data;
}
