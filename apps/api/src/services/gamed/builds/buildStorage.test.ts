import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuildNotStoredError, type BuildStorage } from './BuildStorage.js';
import { createBuildStorage } from './createBuildStorage.js';

async function readAll(body: Readable) {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The same behaviour from both implementations: what the upload and download routes rely on. */
function buildStorageContract(name: string, open: () => BuildStorage) {
  describe(name, () => {
    it('joins the parts in order into one object and drops the parts', async () => {
      const storage = open();
      const file = randomBytes(6 * 1024 * 1024 + 77); // more than one S3 part after regrouping
      const parts = [
        file.subarray(0, 1_000_000),
        file.subarray(1_000_000, 5_500_000),
        file.subarray(5_500_000),
      ];
      // Part 2 is sent twice (a client retry): the second copy replaces the first.
      await storage.putPart('games/a/linux/1.zip', 2, randomBytes(10));
      for (const [i, part] of parts.entries()) await storage.putPart('games/a/linux/1.zip', i + 1, part);
      await storage.assemble('games/a/linux/1.zip', parts.length);
      const { body } = await storage.read('games/a/linux/1.zip');
      expect(sha256(await readAll(body))).toBe(sha256(file));
    });

    it('says a missing object is not stored', async () => {
      await expect(open().read('games/none/linux/1.zip')).rejects.toBeInstanceOf(BuildNotStoredError);
    });
  });
}

const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe('build storage', () => {
  let dataDir = '';
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'far-gamed-local-'));
    folders.push(dataDir);
  });
  buildStorageContract('in a local folder', () =>
    createBuildStorage({
      DATA_DIR: dataDir,
      GAMED_STORAGE: 'local',
      GAMED_S3_REGION: 'us-east-1',
      GAMED_S3_FORCE_PATH_STYLE: false,
    }),
  );

  it('refuses a key that leaves the build folder', async () => {
    const storage = createBuildStorage({
      DATA_DIR: dataDir,
      GAMED_STORAGE: 'local',
      GAMED_S3_REGION: 'us-east-1',
      GAMED_S3_FORCE_PATH_STYLE: false,
    });
    await writeFile(join(dataDir, 'secret'), 'x');
    await expect(storage.read('../../secret')).rejects.toThrow(/escapes/);
  });

  let server: S3rver | undefined;
  let endpoint = '';
  beforeAll(async () => {
    const directory = await mkdtemp(join(tmpdir(), 'far-gamed-s3-'));
    folders.push(directory);
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
    process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
    process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
    const s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'far-builds' }));
  });
  afterAll(() => server?.close());
  const s3Storage = () =>
    createBuildStorage({
      DATA_DIR: '/nonexistent',
      GAMED_STORAGE: 's3',
      GAMED_S3_BUCKET: 'far-builds',
      GAMED_S3_ENDPOINT: endpoint,
      GAMED_S3_REGION: 'us-east-1',
      GAMED_S3_FORCE_PATH_STYLE: true,
    });
  buildStorageContract('in an S3-compatible bucket', s3Storage);

  it('presigns an S3 download the browser can fetch without the API', async () => {
    const storage = s3Storage();
    await storage.putPart('games/b/web/1.zip', 1, new TextEncoder().encode('hello'));
    await storage.assemble('games/b/web/1.zip', 1);
    const url = await storage.presignDownload('games/b/web/1.zip', 'game.zip', 60);
    const response = await fetch(url ?? '');
    expect(await response.text()).toBe('hello');
  });
});
