import type { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../../src/http/appEnv.js';
import { twinRoutes } from '../../src/services/fartwin/twinRoutes.js';
import { createTestApp } from '../support/createTestApp.js';
import { signIn } from '../support/signIn.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
let owner: string;
let stranger: string;

const send = (method: string, path: string, token?: string, body?: unknown) =>
  t.app.request(path, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const twin = (handle: string, extra: Record<string, unknown> = {}) => ({
  handle,
  name: `Twin ${handle}`,
  persona: 'You are a patient tutor who explains with small examples.',
  baseModel: 'far-demo',
  ...extra,
});

beforeAll(async () => {
  t = await createTestApp({}, (db) => (app, { requireCaller }) => {
    app.route('/', twinRoutes({ db, requireCaller }) as OpenAPIHono<AppEnv>);
  });
  owner = (await signIn(t.app)).accessToken;
  stranger = (await signIn(t.app)).accessToken;
});
afterAll(() => t.close());

describe('FarTwin twins', () => {
  it('answers 404 for a private twin to everyone but its owner', async () => {
    expect((await send('POST', '/api/fartwin/twins', owner, twin('secret-tutor'))).status).toBe(201);
    const mine = await send('GET', '/api/fartwin/twins/secret-tutor', owner);
    expect(mine.status).toBe(200);
    expect(await mine.json()).toMatchObject({
      model: 'twin:secret-tutor',
      visibility: 'private',
      isOwner: true,
    });
    expect((await send('GET', '/api/fartwin/twins/secret-tutor', stranger)).status).toBe(404);
    expect((await send('GET', '/api/fartwin/twins/secret-tutor')).status).toBe(404);
    expect((await send('PATCH', '/api/fartwin/twins/secret-tutor', stranger, { name: 'x' })).status).toBe(
      404,
    );
    expect((await send('DELETE', '/api/fartwin/twins/secret-tutor', stranger)).status).toBe(404);
  });

  it('lists public twins in the gallery by search and category, never private or unlisted ones', async () => {
    await send(
      'POST',
      '/api/fartwin/twins',
      owner,
      twin('chef-ana', { visibility: 'public', category: 'food', name: 'Chef Ana' }),
    );
    await send(
      'POST',
      '/api/fartwin/twins',
      owner,
      twin('hidden-chef', { visibility: 'unlisted', category: 'food' }),
    );
    const all = (await (await send('GET', '/api/fartwin/twins?category=food')).json()) as {
      data: { handle: string }[];
    };
    expect(all.data.map((d) => d.handle)).toEqual(['chef-ana']);
    const found = (await (await send('GET', '/api/fartwin/twins?search=ana')).json()) as {
      data: { handle: string }[];
    };
    expect(found.data.map((d) => d.handle)).toEqual(['chef-ana']);
    expect((await send('GET', '/api/fartwin/twins/hidden-chef', stranger)).status).toBe(200);
  });

  it('refuses a fee on a private twin, a fee over the bound, an unknown model and a taken handle', async () => {
    const fee = await send(
      'POST',
      '/api/fartwin/twins',
      owner,
      twin('fee-private', { creatorFeeWeiPerMillion: '1' }),
    );
    expect(fee.status).toBe(422);
    const over = await send(
      'POST',
      '/api/fartwin/twins',
      owner,
      twin('fee-over', { visibility: 'public', creatorFeeWeiPerMillion: (10n ** 21n + 1n).toString() }),
    );
    expect(over.status).toBe(422);
    const model = await send('POST', '/api/fartwin/twins', owner, twin('no-model', { baseModel: 'gpt-9' }));
    expect(model.status).toBe(422);
    const taken = await send('POST', '/api/fartwin/twins', stranger, twin('chef-ana'));
    expect(taken.status).toBe(409);
    const bad = await send('POST', '/api/fartwin/twins', owner, twin('Bad_Handle'));
    expect(bad.status).toBe(422);
    await send(
      'POST',
      '/api/fartwin/twins',
      owner,
      twin('paid-public', { visibility: 'public', creatorFeeWeiPerMillion: '5' }),
    );
    const hide = await send('PATCH', '/api/fartwin/twins/paid-public', owner, { visibility: 'private' });
    expect(hide.status).toBe(422);
  });

  it('edits, duplicates and deletes a twin', async () => {
    await send('POST', '/api/fartwin/twins', owner, twin('editable'));
    const edited = await send('PATCH', '/api/fartwin/twins/editable', owner, {
      greeting: 'Hello!',
      visibility: 'unlisted',
      creatorFeeWeiPerMillion: '7',
    });
    expect(await edited.json()).toMatchObject({ greeting: 'Hello!', creatorFeeWeiPerMillion: '7' });
    const copy = await send('POST', '/api/fartwin/twins/editable/duplicate', owner, {
      handle: 'editable-copy',
    });
    expect(copy.status).toBe(201);
    expect(await copy.json()).toMatchObject({
      visibility: 'private',
      creatorFeeWeiPerMillion: '0',
      greeting: 'Hello!',
    });
    expect((await send('DELETE', '/api/fartwin/twins/editable', owner)).status).toBe(204);
    expect((await send('GET', '/api/fartwin/twins/editable', owner)).status).toBe(404);
    const mine = (await (await send('GET', '/api/fartwin/my/twins', owner)).json()) as {
      data: { handle: string }[];
    };
    expect(mine.data.map((d) => d.handle)).toContain('editable-copy');
  });
});
