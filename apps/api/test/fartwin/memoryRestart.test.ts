import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, type DbHandle, fartwinMemories } from '@far/db';
import { count } from 'drizzle-orm';
import type { Hono } from 'hono';
import { generatePrivateKey } from 'viem/accounts';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parseConfig.js';
import { startApiServer } from '../../src/startApiServer.js';
import { signIn } from '../support/signIn.js';

const dirs: string[] = [];

/** The real API (every service) on a PGlite folder that outlives it, as `npm start` runs it. */
async function startApi(dir: string) {
  const database: DbHandle = await createDb({ dataDir: join(dir, 'pglite'), driver: 'pglite' });
  await database.migrate();
  const config = parseConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    DATA_DIR: dir,
    DEPLOYMENTS_FILE: join(dir, 'no-deployments.json'),
    JWT_SECRET: 'restart-secret-restart-secret-restart',
  });
  const api = await startApiServer(config, { database });
  return {
    api,
    database,
    async stop() {
      await api.close();
      await database.close();
    },
  };
}

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('FarTwin memories across an API restart', () => {
  it('are still there after the API stops and starts again, and gone after delete', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fartwin-restart-'));
    dirs.push(dir);
    const key = generatePrivateKey();
    const request = (
      app: Pick<Hono, 'request'>,
      token: string,
      method: string,
      path: string,
      body?: unknown,
    ) =>
      app.request(path, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });

    const first = await startApi(dir);
    const before = await signIn(first.api.app, key);
    const twin = { handle: 'keeper', name: 'Keeper', persona: 'Remembers things.', baseModel: 'far-demo' };
    expect(
      (await request(first.api.app, before.accessToken, 'POST', '/api/fartwin/twins', twin)).status,
    ).toBe(201);
    const saved = await request(
      first.api.app,
      before.accessToken,
      'POST',
      '/api/fartwin/twins/keeper/memories',
      {
        content: 'My cat is called Pixel',
      },
    );
    expect(saved.status).toBe(201);
    await first.stop();

    const second = await startApi(dir);
    try {
      const after = await signIn(second.api.app, key);
      const listed = await request(
        second.api.app,
        after.accessToken,
        'GET',
        '/api/fartwin/twins/keeper/memories',
      );
      const { data } = (await listed.json()) as { data: { id: string; content: string }[] };
      expect(data.map((m) => m.content)).toEqual(['My cat is called Pixel']);
      const id = data[0]?.id;
      expect(
        (
          await request(
            second.api.app,
            after.accessToken,
            'DELETE',
            `/api/fartwin/twins/keeper/memories/${id}`,
          )
        ).status,
      ).toBe(204);
      expect((await second.database.db.select({ n: count() }).from(fartwinMemories))[0]?.n).toBe(0);
    } finally {
      await second.stop();
    }
  });
});
