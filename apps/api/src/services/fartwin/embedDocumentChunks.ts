import { type Db, fartwinChunks } from '@far/db';
import { asc, eq } from 'drizzle-orm';
import type { Logger } from '../../observability/createLogger.js';
import { storeChunkEmbeddings } from './chunkEmbeddingStore.js';
import type { EmbeddingPayer, TwinEmbedder } from './TwinEmbedder.js';

/** Chunks per embeddings call: well inside the request's bounds, and one bill per batch. */
const EMBED_BATCH = 32;

/**
 * Gives a freshly indexed document's chunks their vectors, for hybrid retrieval: embeds them with
 * the twin's base model, billed to the owner who uploaded the document (indexing is theirs to pay,
 * as the question's embedding is the asker's). Best effort: when no node serves embeddings for the
 * model, or the owner cannot pay, the document stays searchable by full text and this says so in
 * the log; chunks embedded before a failure keep their vectors.
 *
 * @param deps - database, embedder, logger.
 * @param document - the document, its twin and base model, and who pays.
 * @returns how many chunks got a vector.
 */
export async function embedDocumentChunks(
  deps: { db: Db; embed: TwinEmbedder; logger: Logger },
  document: { id: string; twinId: string; model: string; payer: EmbeddingPayer },
): Promise<number> {
  const chunks = await deps.db
    .select({ id: fartwinChunks.id, heading: fartwinChunks.heading, content: fartwinChunks.content })
    .from(fartwinChunks)
    .where(eq(fartwinChunks.documentId, document.id))
    .orderBy(asc(fartwinChunks.position));
  let embedded = 0;
  try {
    for (let start = 0; start < chunks.length; start += EMBED_BATCH) {
      const batch = chunks.slice(start, start + EMBED_BATCH);
      const texts = batch.map((c) => (c.heading ? `${c.heading}\n${c.content}` : c.content));
      const vectors = await deps.embed(document.payer, document.model, texts);
      await storeChunkEmbeddings(
        deps.db,
        batch.map((chunk, i) => ({
          chunkId: chunk.id,
          twinId: document.twinId,
          model: document.model,
          embedding: vectors[i] ?? [],
        })),
      );
      embedded += batch.length;
    }
  } catch (error) {
    deps.logger.warn(
      { err: error, documentId: document.id, embedded, total: chunks.length },
      'document chunks not embedded; retrieval uses full text for them',
    );
  }
  return embedded;
}
