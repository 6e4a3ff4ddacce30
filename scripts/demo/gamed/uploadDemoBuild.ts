type Upload = { id: string; partSizeBytes: number; partCount: number; sha256: string | null; status: string };

/**
 * Uploads a build through the API's upload routes (start, parts in order, complete), as a studio's
 * browser does, unless a completed upload of the same bytes is already there.
 *
 * @returns the SHA-256 the API computed as the parts arrived.
 */
export async function uploadDemoBuild(
  api: string,
  accessToken: string,
  pageId: string,
  build: { platform: string; fileName: string; bytes: Uint8Array; sha256: string },
): Promise<string> {
  const auth = { authorization: `Bearer ${accessToken}` };
  const call = async <T>(path: string, init: RequestInit = {}) => {
    const response = await fetch(`${api}${path}`, { ...init, headers: { ...auth, ...init.headers } });
    if (!response.ok)
      throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const { data } = await call<{ data: Upload[] }>(`/api/gamed/games/${pageId}/uploads`);
  const done = data.find((upload) => upload.status === 'complete' && upload.sha256 === build.sha256);
  if (done?.sha256) return done.sha256;
  const upload = await call<Upload>(`/api/gamed/games/${pageId}/uploads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      platform: build.platform,
      fileName: build.fileName,
      sizeBytes: build.bytes.length,
    }),
  });
  for (let part = 1; part <= upload.partCount; part++) {
    await call(`/api/gamed/uploads/${upload.id}/parts/${part}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: build.bytes.subarray((part - 1) * upload.partSizeBytes, part * upload.partSizeBytes),
    });
  }
  const completed = await call<Upload>(`/api/gamed/uploads/${upload.id}/complete`, { method: 'POST' });
  if (completed.sha256 !== build.sha256) {
    throw new Error(`the API hashed the demo build as ${completed.sha256}, not ${build.sha256}`);
  }
  return completed.sha256;
}
