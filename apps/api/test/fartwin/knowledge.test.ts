import { fartwinChunks } from '@far/db';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessBus } from '../../src/bus/createInProcessBus.js';
import { createLogger } from '../../src/observability/createLogger.js';
import { fartwinRoutes } from '../../src/services/fartwin/fartwinRoutes.js';
import { createTestApp } from '../support/createTestApp.js';
import { buildPdf, fartwinDocumentSet, fartwinQuestions } from '../support/fartwinDocuments.js';
import { signIn } from '../support/signIn.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let owner: string;
let stranger: string;
const bus = createInProcessBus();
const progress: { status: string; chunksIndexed: number; chunksTotal: number }[] = [];

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const upload = (token: string, handle: string, file: File) => {
  const form = new FormData();
  form.set('file', file);
  return t.app.request(`/api/fartwin/twins/${handle}/documents`, {
    method: 'POST',
    headers: auth(token),
    body: form,
  });
};

beforeAll(async () => {
  t = await createTestApp({}, (db) => (app, { requireCaller }) => {
    app.route('/', fartwinRoutes({ db, bus, logger: createLogger('silent') }, requireCaller));
  });
  await bus.subscribe('fartwin:indexing', (m) => progress.push(m as (typeof progress)[number]));
  owner = (await signIn(t.app)).accessToken;
  stranger = (await signIn(t.app)).accessToken;
  const created = await t.app.request('/api/fartwin/twins', {
    method: 'POST',
    headers: { ...auth(owner), 'content-type': 'application/json' },
    body: JSON.stringify({
      handle: 'helper',
      name: 'Helper',
      persona: 'You help.',
      baseModel: 'far-demo',
      visibility: 'unlisted',
    }),
  });
  expect(created.status).toBe(201);
});
afterAll(async () => {
  await bus.close();
  await t.close();
});

describe('FarTwin knowledge', () => {
  it('indexes Markdown and text, publishing progress, and retrieves the passage that answers each question', async () => {
    for (const doc of fartwinDocumentSet) {
      const response = await upload(owner, 'helper', new File([doc.text], doc.name, { type: doc.type }));
      expect(response.status).toBe(201);
      expect(await response.json()).toMatchObject({ title: doc.name, status: 'ready' });
    }
    expect(progress.at(-1)).toMatchObject({ status: 'ready' });
    expect(progress.some((p) => p.status === 'indexing' && p.chunksIndexed === 0)).toBe(true);
    for (const { question, answerContains, title } of fartwinQuestions) {
      const response = await t.app.request(
        `/api/fartwin/twins/helper/passages?q=${encodeURIComponent(question)}&limit=1`,
        { headers: auth(stranger) },
      );
      const { data } = (await response.json()) as { data: { content: string; title: string }[] };
      expect(data[0]?.title, question).toBe(title);
      expect(data[0]?.content, question).toContain(answerContains);
    }
  });

  it('extracts the text of a PDF', async () => {
    const pdf = buildPdf('The lighthouse keeper logs the fog horn every evening at seven.');
    const response = await upload(
      owner,
      'helper',
      new File([pdf], 'keeper.pdf', { type: 'application/pdf' }),
    );
    expect(response.status).toBe(201);
    const search = await t.app.request('/api/fartwin/twins/helper/passages?q=fog%20horn', {
      headers: auth(owner),
    });
    const { data } = (await search.json()) as { data: { content: string; title: string }[] };
    expect(data[0]).toMatchObject({ title: 'keeper.pdf' });
    expect(data[0]?.content).toContain('lighthouse keeper');
  });

  it('refuses a stranger, a type it cannot read, a file too large and an empty one, with clear codes', async () => {
    expect((await upload(stranger, 'helper', new File(['x'], 'a.md'))).status).toBe(404);
    const image = await upload(
      owner,
      'helper',
      new File([new Uint8Array([1, 2])], 'a.png', { type: 'image/png' }),
    );
    expect(image.status).toBe(415);
    expect(await image.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
    const big = await upload(
      owner,
      'helper',
      new File(['a'.repeat(600 * 1024)], 'big.txt', { type: 'text/plain' }),
    );
    expect(big.status).toBe(413);
    expect((await upload(owner, 'helper', new File(['  \n'], 'empty.md'))).status).toBe(422);
    expect((await upload(owner, 'helper', new File(['%PDF-1.4 junk'], 'bad.pdf'))).status).toBe(422);
  });

  it('deletes a document with its passages', async () => {
    const list = await t.app.request('/api/fartwin/twins/helper/documents', { headers: auth(owner) });
    const { data } = (await list.json()) as { data: { id: string; title: string }[] };
    const pdf = data.find((d) => d.title === 'keeper.pdf');
    const chunks = async () =>
      (
        await t.db
          .select({ n: count() })
          .from(fartwinChunks)
          .where(eq(fartwinChunks.documentId, pdf?.id ?? ''))
      )[0]?.n;
    expect(await chunks()).toBeGreaterThan(0);
    const deleted = await t.app.request(`/api/fartwin/twins/helper/documents/${pdf?.id}`, {
      method: 'DELETE',
      headers: auth(owner),
    });
    expect(deleted.status).toBe(204);
    expect(await chunks()).toBe(0);
  });
});
