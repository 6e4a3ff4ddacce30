import type { GamedTestbed } from './startGamedTestbed.js';

type Json = Record<string, unknown>;

/** Sends `bytes` through the upload routes as the browser does: start, parts in order, complete. */
export async function uploadBuild(
  bed: GamedTestbed,
  auth: Record<string, string>,
  pageId: string,
  file: { platform: string; fileName: string; bytes: Uint8Array },
) {
  const started = await bed.app.request(`/api/gamed/games/${pageId}/uploads`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ platform: file.platform, fileName: file.fileName, sizeBytes: file.bytes.length }),
  });
  if (started.status !== 201) throw new Error(`upload start: ${started.status} ${await started.text()}`);
  const upload = (await started.json()) as { id: string; partSizeBytes: number; partCount: number };
  const progress: number[] = [];
  for (let part = 1; part <= upload.partCount; part++) {
    const chunk = file.bytes.subarray((part - 1) * upload.partSizeBytes, part * upload.partSizeBytes);
    const sent = await bed.app.request(`/api/gamed/uploads/${upload.id}/parts/${part}`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/octet-stream' },
      body: chunk,
    });
    if (sent.status !== 200) throw new Error(`part ${part}: ${sent.status} ${await sent.text()}`);
    progress.push(((await sent.json()) as { receivedBytes: number }).receivedBytes);
  }
  const completed = await bed.app.request(`/api/gamed/uploads/${upload.id}/complete`, {
    method: 'POST',
    headers: auth,
  });
  if (completed.status !== 200) throw new Error(`complete: ${completed.status} ${await completed.text()}`);
  return { upload: (await completed.json()) as Json & { id: string; sha256: string }, progress };
}

/** Creates the store page of `chainGameId` as the studio. */
export async function createPage(
  bed: GamedTestbed,
  auth: Record<string, string>,
  chainGameId: bigint,
  extra: Json = {},
) {
  const response = await bed.app.request('/api/gamed/games', {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({
      chainGameId: chainGameId.toString(),
      slug: `game-${chainGameId}`,
      title: `Game ${chainGameId}`,
      studioName: 'Dev Studio',
      genres: ['arcade'],
      ...extra,
    }),
  });
  return response;
}
