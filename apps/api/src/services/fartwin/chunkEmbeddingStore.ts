import type { Db } from '@far/db';
import { sql } from 'drizzle-orm';

/**
 * The side table of chunk vectors. It is created by the service on first use rather than by a
 * migration: it is optional (retrieval is complete with full-text alone) and holds only what can be
 * recomputed by indexing again. Vectors are `real[]`, which every PostgreSQL (and PGlite) has, so
 * hybrid retrieval needs no extension: a twin holds at most 50 documents, so ranking its chunks by
 * cosine in the API costs less than a round trip to an index. A row goes with its chunk (cascade),
 * so deleting a document or a twin leaves no vector behind.
 */
const CREATE_TABLE = sql`
  create table if not exists fartwin_chunk_embeddings (
    chunk_id uuid primary key references fartwin_chunks(id) on delete cascade,
    twin_id uuid not null,
    model text not null,
    embedding real[] not null
  )`;
const CREATE_INDEX = sql`
  create index if not exists idx_fartwin_chunk_embeddings_twin on fartwin_chunk_embeddings (twin_id, model)`;

const ready = new WeakMap<Db, Promise<void>>();

/** Creates the side table once per database handle (concurrent callers share the one attempt). */
function ensureChunkEmbeddingStore(db: Db): Promise<void> {
  let pending = ready.get(db);
  if (!pending) {
    pending = (async () => {
      await db.execute(CREATE_TABLE);
      await db.execute(CREATE_INDEX);
    })();
    ready.set(db, pending);
    pending.catch(() => ready.delete(db));
  }
  return pending;
}

/**
 * Stores chunk vectors (replacing any earlier vector of the same chunk).
 *
 * @param db - the database.
 * @param rows - chunk, twin, model and vector.
 */
export async function storeChunkEmbeddings(
  db: Db,
  rows: readonly { chunkId: string; twinId: string; model: string; embedding: readonly number[] }[],
): Promise<void> {
  if (rows.length === 0) return;
  await ensureChunkEmbeddingStore(db);
  const values = sql.join(
    rows.map(
      (r) =>
        sql`(${r.chunkId}::uuid, ${r.twinId}::uuid, ${r.model}, ${`{${r.embedding.join(',')}}`}::real[])`,
    ),
    sql`, `,
  );
  await db.execute(sql`
    insert into fartwin_chunk_embeddings (chunk_id, twin_id, model, embedding) values ${values}
    on conflict (chunk_id) do update set model = excluded.model, embedding = excluded.embedding`);
}

/**
 * A twin's chunks by cosine similarity to `query`, best first: only vectors of the same model and
 * width count (vectors of different models are not comparable).
 *
 * @returns chunk ids with their similarity; none when the twin has no vectors for the model.
 */
export async function rankChunksByVector(
  db: Db,
  twinId: string,
  model: string,
  query: readonly number[],
  limit: number,
): Promise<{ chunkId: string; similarity: number }[]> {
  await ensureChunkEmbeddingStore(db);
  const result = await db.execute(sql`
    select chunk_id, embedding from fartwin_chunk_embeddings
    where twin_id = ${twinId}::uuid and model = ${model} and cardinality(embedding) = ${query.length}`);
  const rows = (result as unknown as { rows?: unknown[] }).rows ?? (result as unknown as unknown[]);
  const queryNorm = Math.sqrt(query.reduce((s, x) => s + x * x, 0)) || 1;
  return (rows as { chunk_id: string; embedding: (number | string)[] }[])
    .map((row) => {
      let dot = 0;
      let norm = 0;
      row.embedding.forEach((raw, i) => {
        const x = Number(raw);
        dot += x * (query[i] ?? 0);
        norm += x * x;
      });
      return { chunkId: row.chunk_id, similarity: dot / ((Math.sqrt(norm) || 1) * queryNorm) };
    })
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, limit);
}
