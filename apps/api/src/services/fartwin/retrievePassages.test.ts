import { fartwinTwins, users } from '@far/db';
import { createTestDb, type TestDbHandle } from '@far/db/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../observability/createLogger.js';
import { indexDocument } from './indexDocument.js';
import { retrievePassages } from './retrievePassages.js';
import { semanticSearchFor } from './semanticSearchFor.js';
import type { EmbeddingPayer, TwinEmbedder } from './TwinEmbedder.js';

/**
 * Hybrid retrieval on the real database (PGlite, or Postgres with DATABASE_URL, which has no
 * pgvector here: the vectors live in a plain `real[]` side table). The embedder is a stand-in for a
 * node: a tiny concept space where "automobile" and "car" are the same direction, which full-text
 * search cannot know.
 */
const CONCEPTS: Record<string, number> = {
  car: 0,
  automobile: 0,
  vehicle: 0,
  river: 1,
  water: 1,
  stake: 2,
  far: 2,
};
const embedText = (text: string): number[] => {
  const v = [0, 0, 0, 0.01];
  for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
    const at = CONCEPTS[word];
    if (at !== undefined) v[at] = (v[at] ?? 0) + 1;
  }
  return v;
};

const logger = createLogger('silent');
let handle: TestDbHandle;
const calls: { payer: EmbeddingPayer; model: string; texts: string[] }[] = [];
const embed: TwinEmbedder = async (payer, model, texts) => {
  calls.push({ payer, model, texts });
  return texts.map(embedText);
};
const owner: EmbeddingPayer = { userId: '', walletAddress: '0x00000000000000000000000000000000000000a1' };
const asker: EmbeddingPayer = { userId: '', walletAddress: '0x00000000000000000000000000000000000000b2' };
let twinId = '';

beforeAll(async () => {
  handle = await createTestDb();
  const { db } = handle;
  const [o, a] = await db
    .insert(users)
    .values([{ walletAddress: owner.walletAddress }, { walletAddress: asker.walletAddress }])
    .returning();
  owner.userId = o?.id ?? '';
  asker.userId = a?.id ?? '';
  const [twin] = await db
    .insert(fartwinTwins)
    .values({
      ownerUserId: owner.userId,
      handle: 'hybrid',
      name: 'Hybrid',
      persona: 'A guide',
      baseModel: 'far-demo',
    })
    .returning();
  twinId = twin?.id ?? '';
  const text = [
    '# Garage',
    'Park your car in the garage before the storm.',
    '',
    '# Boats',
    'The boat floats on the river near the town.',
    '',
    '# Staking',
    'Stakers earn twenty percent of every task.',
  ].join('\n');
  await indexDocument(
    { db, bus: { publish: async () => {} }, logger, embed },
    {
      twin: twin as NonNullable<typeof twin>,
      title: 'Guide',
      mediaType: 'text/markdown',
      bytes: text.length,
      text,
      payer: owner,
    },
  );
}, 60_000);

afterAll(() => handle?.close());

describe('retrievePassages, hybrid', () => {
  it('embeds the chunks at indexing time, billed to the owner who uploaded them, with the twin base model', async () => {
    expect(calls[0]?.payer).toEqual(owner);
    expect(calls[0]?.model).toBe('far-demo');
    const stored = await handle.db.execute(sql`select count(*)::int as n from fartwin_chunk_embeddings`);
    const rows =
      (stored as unknown as { rows?: { n: number }[] }).rows ?? (stored as unknown as { n: number }[]);
    expect(Number(rows[0]?.n)).toBeGreaterThan(0);
  });

  it('finds by meaning what full-text search cannot, and bills the question to the asker', async () => {
    const question = 'Where should I put my automobile?';
    expect(await retrievePassages(handle.db, twinId, question, 2)).toEqual([]);
    calls.length = 0;
    const hybrid = await retrievePassages(
      handle.db,
      twinId,
      question,
      2,
      semanticSearchFor(embed, asker, 'far-demo', logger),
    );
    expect(hybrid[0]?.content).toContain('car in the garage');
    expect(calls).toEqual([{ payer: asker, model: 'far-demo', texts: [question] }]);
  });

  it('ranks first the passage both rankings agree on', async () => {
    const hybrid = await retrievePassages(
      handle.db,
      twinId,
      'boat on the river',
      3,
      semanticSearchFor(embed, asker, 'far-demo', logger),
    );
    expect(hybrid[0]?.content).toContain('boat floats on the river');
  });

  it('falls back to full-text alone when the question cannot be embedded (no node serves embeddings)', async () => {
    const failing: TwinEmbedder = async () => {
      throw new Error('no node serves embeddings');
    };
    const passages = await retrievePassages(
      handle.db,
      twinId,
      'stakers earn',
      2,
      semanticSearchFor(failing, asker, 'far-demo', logger),
    );
    expect(passages[0]?.content).toContain('Stakers earn');
  });
});
