import { apiClient, bearer } from '../api/apiClient';
import { readApiData } from '../api/readApiData';

export type UploadProgress = { sentBytes: number; totalBytes: number };

/**
 * Uploads a build through the API in parts, in order, reporting progress after each part; the
 * server hashes the parts as they arrive and answers the file's SHA-256 at the end.
 * @param file - the build the studio picked
 * @param onProgress - called after every part
 * @returns the completed upload with its `sha256`, the hash to publish on chain
 */
export async function uploadBuildFile(
  accessToken: string,
  pageId: string,
  platform: string,
  file: File,
  onProgress: (progress: UploadProgress) => void,
) {
  const headers = bearer(accessToken);
  const upload = await readApiData(
    apiClient.POST('/api/gamed/games/{pageId}/uploads', {
      headers,
      params: { path: { pageId } },
      body: { platform: platform as never, fileName: file.name, sizeBytes: file.size },
    }),
    (body) => body,
  );
  onProgress({ sentBytes: 0, totalBytes: file.size });
  for (let part = 1; part <= upload.partCount; part++) {
    const chunk = file.slice((part - 1) * upload.partSizeBytes, part * upload.partSizeBytes);
    const sent = await readApiData(
      apiClient.PUT('/api/gamed/uploads/{uploadId}/parts/{partNumber}', {
        headers: { ...headers, 'content-type': 'application/octet-stream' },
        params: { path: { uploadId: upload.id, partNumber: part } },
        body: chunk as never,
        bodySerializer: (body: unknown) => body as Blob,
      }),
      (body) => body,
    );
    onProgress({ sentBytes: sent.receivedBytes, totalBytes: file.size });
  }
  return readApiData(
    apiClient.POST('/api/gamed/uploads/{uploadId}/complete', {
      headers,
      params: { path: { uploadId: upload.id } },
    }),
    (body) => body,
  );
}
