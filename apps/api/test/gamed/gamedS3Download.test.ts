import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3BuildStorage } from '../../src/services/gamed/builds/createS3BuildStorage.js';
import { createPage, uploadBuild } from './gamedUploadFlow.js';
import { type GamedTestbed, startGamedTestbed } from './startGamedTestbed.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let server: S3rver;
let directory: string;
let bed: GamedTestbed;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'far-gamed-s3-route-'));
  server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const { port } = await server.run();
  const s3 = new S3Client({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  await s3.send(new CreateBucketCommand({ Bucket: 'far-gamed-builds' }));
  bed = await startGamedTestbed({ storage: createS3BuildStorage(s3, 'far-gamed-builds') });
}, 120_000);
afterAll(async () => {
  await bed?.close();
  await server?.close();
  await rm(directory, { recursive: true, force: true });
});

describe('Far GameD builds in an S3-compatible bucket', () => {
  it('uploads through the API, then sends a holder to a presigned URL serving the published bytes', async () => {
    const price = parseEther('3');
    const gameId = await bed.registerGame(price);
    const studio = await bed.authAs(bed.studio);
    const pageId = ((await (await createPage(bed, studio, gameId)).json()) as { id: string }).id;
    const file = randomBytes(150_000);
    const { upload } = await uploadBuild(bed, studio, pageId, {
      platform: 'windows',
      fileName: 'setup.exe',
      bytes: file,
    });
    expect(upload.sha256).toBe(sha256(file));
    await bed.publishBuild(gameId, 0, upload.sha256, file.length);
    await bed.buy(bed.alice, gameId, price);

    const alice = await bed.authAs(bed.alice);
    const issued = (await (
      await bed.app.request(`/api/gamed/games/${pageId}/download`, {
        method: 'POST',
        headers: { ...alice, 'content-type': 'application/json' },
        body: JSON.stringify({ platform: 'windows' }),
      })
    ).json()) as { url: string };
    const redirect = await bed.app.request(issued.url);
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('location') ?? '';
    expect(location).toMatch(/X-Amz-Signature=/);
    const bytes = new Uint8Array(await (await fetch(location)).arrayBuffer());
    expect(sha256(bytes)).toBe(upload.sha256);
  });
});
