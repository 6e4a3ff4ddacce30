import { batchFiles } from '@far/db';
import { eq } from 'drizzle-orm';
import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteExpiredBatchFiles } from '../src/services/inference/batches/deleteExpiredBatchFiles.js';
import { signIn } from './support/signIn.js';
import { startBatchTestNetwork } from './support/startBatchTestNetwork.js';

/** Batch files expire like OpenAI's: `expires_at` on every file, `expires_after` on upload, 404 `file_expired`, the sweep. */
let net: Awaited<ReturnType<typeof startBatchTestNetwork>>;
let client: OpenAI;
let token: string;

beforeAll(async () => {
  net = await startBatchTestNetwork();
  const caller = await signIn(net.t.app);
  token = caller.accessToken;
  client = new OpenAI({
    apiKey: token,
    baseURL: 'http://api.test/v1',
    maxRetries: 0,
    fetch: (async (url: string | URL | Request, init?: RequestInit) =>
      net.t.app.request(String(url), init)) as never,
  });
}, 180_000);

afterAll(() => net?.close());

const DAY = 24 * 60 * 60;
const line = `${JSON.stringify({
  custom_id: 'a',
  method: 'POST',
  url: '/v1/chat/completions',
  body: { model: 'far-demo', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 4 },
})}\n`;
const upload = (options: Partial<OpenAI.FileCreateParams> = {}) =>
  toFile(Buffer.from(line), 'in.jsonl').then((file) =>
    client.files.create({ file, purpose: 'batch', ...options }),
  );
const expire = (id: string) =>
  net.db
    .update(batchFiles)
    .set({ expiresAt: new Date(Date.now() - 1000) })
    .where(eq(batchFiles.id, id));

describe('batch files expire', () => {
  it('expire 30 days after upload by default, or after `expires_after` seconds', async () => {
    const plain = await upload();
    expect(plain.expires_at).toBe(plain.created_at + 30 * DAY);
    const hour = await upload({ expires_after: { anchor: 'created_at', seconds: 3600 } });
    expect(hour.expires_at).toBeGreaterThanOrEqual(hour.created_at + 3600 - 1);
    expect(hour.expires_at).toBeLessThanOrEqual(hour.created_at + 3600 + 1);
  });

  it('refuses an `expires_after` outside 1 hour to 30 days', async () => {
    await expect(upload({ expires_after: { anchor: 'created_at', seconds: 60 } })).rejects.toMatchObject({
      status: 422,
    });
    await expect(
      upload({ expires_after: { anchor: 'created_at', seconds: 31 * DAY } }),
    ).rejects.toMatchObject({ status: 422 });
  });

  it('an expired file is 404 file_expired, is not listed, cannot start a batch, and the sweep deletes it', async () => {
    const kept = await upload();
    const gone = await upload();
    await expire(gone.id);

    await expect(client.files.retrieve(gone.id)).rejects.toMatchObject({ status: 404, code: 'file_expired' });
    await expect(client.files.content(gone.id)).rejects.toMatchObject({ status: 404, code: 'file_expired' });
    await expect(
      client.batches.create({
        input_file_id: gone.id,
        endpoint: '/v1/chat/completions',
        completion_window: '24h',
      }),
    ).rejects.toMatchObject({ status: 404, code: 'file_expired' });
    const listed = (await client.files.list()).data.map((f) => f.id);
    expect(listed).toContain(kept.id);
    expect(listed).not.toContain(gone.id);

    expect(await deleteExpiredBatchFiles(net.db)).toBe(1);
    expect(await net.db.select().from(batchFiles).where(eq(batchFiles.id, gone.id))).toEqual([]);
    await expect(client.files.retrieve(gone.id)).rejects.toMatchObject({ status: 404, code: 'not_found' });
    expect((await client.files.retrieve(kept.id)).id).toBe(kept.id);
    expect(await deleteExpiredBatchFiles(net.db)).toBe(0);
  });
});
