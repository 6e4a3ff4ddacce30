import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDb, type TestDbHandle } from '@far/db/testing';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/parseConfig.js';
import { startWorker } from '../src/roles/startWorker.js';
import { waitUntil } from './support/waitUntil.js';

type Worker = Awaited<ReturnType<typeof startWorker>>;
const workers: Worker[] = [];
const dir = mkdtempSync(join(tmpdir(), 'far-worker-'));

const configFor = (databaseUrl: string | undefined) =>
  parseConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    DATA_DIR: dir,
    DEPLOYMENTS_FILE: join(dir, 'no-deployments.json'),
    DATABASE_URL: databaseUrl,
  });
const health = async (worker: Worker) =>
  (await (await fetch(`${worker.url}/health`)).json()) as { role: string; leader: boolean };

afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.close()));
});

describe('worker role', () => {
  it('leads at once on PGlite, where it is the only process', async () => {
    const worker = await startWorker(configFor(undefined));
    workers.push(worker);
    expect(await health(worker)).toEqual({ status: 'ok', role: 'worker', leader: true });
  });

  describe.skipIf(!process.env.DATABASE_URL)('on PostgreSQL', () => {
    let database: TestDbHandle;
    afterAll(async () => {
      await database?.close();
    });

    it('runs one leader and a hot standby that takes over when the leader stops', async () => {
      database = await createTestDb();
      const config = configFor(database.url);
      const first = await startWorker(config, { pollMs: 100 });
      workers.push(first);
      await waitUntil('the first worker leads', () => first.isLeader());
      const second = await startWorker(config, { pollMs: 100 });
      workers.push(second);
      expect(await health(second)).toMatchObject({ leader: false });
      expect(await health(first)).toMatchObject({ leader: true });

      await first.close();
      await waitUntil('the standby takes over', () => second.isLeader());
      expect(await health(second)).toMatchObject({ leader: true });
    });
  });
});
