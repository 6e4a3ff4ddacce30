import { type Db, type FartwinDocument, type FartwinTwin, fartwinChunks, fartwinDocuments } from '@far/db';
import { count, eq } from 'drizzle-orm';
import type { Logger } from '../../observability/createLogger.js';
import { publishRealtime } from '../../realtime/publishRealtime.js';
import type { RealtimeBus } from '../../realtime/RealtimeBus.js';
import { chunkDocument } from './chunkDocument.js';
import { embedDocumentChunks } from './embedDocumentChunks.js';
import { KnowledgeUploadError } from './KnowledgeUploadError.js';
import type { EmbeddingPayer, TwinEmbedder } from './TwinEmbedder.js';

/** A twin holds at most this many documents. */
const MAX_DOCUMENTS_PER_TWIN = 50;
/** Chunks are written, and progress published, this many at a time. */
const BATCH = 40;

export type IndexDocumentInput = {
  twin: FartwinTwin;
  title: string;
  mediaType: string;
  bytes: number;
  text: string;
  /** Who pays for the chunks' vectors (the uploading owner); with `deps.embed`, chunks get vectors. */
  payer?: EmbeddingPayer | undefined;
};

/**
 * Stores a document's text as passages for retrieval: writes the document row, then its chunks in
 * batches (the database derives each chunk's `tsvector`), publishing progress on `fartwin:indexing`
 * to the owner after each batch. With an embedder and a payer, the chunks then get vectors for
 * hybrid retrieval (`embedDocumentChunks`, best effort, billed to the payer). A failure marks the document failed (and says so on the channel)
 * rather than leaving it indexing.
 *
 * @param deps - database, bus, logger.
 * @param input - the twin, the document's metadata and its extracted text.
 * @returns the document as stored once indexed.
 * @throws KnowledgeUploadError `too_many_documents`.
 */
export async function indexDocument(
  deps: { db: Db; bus: Pick<RealtimeBus, 'publish'>; logger: Logger; embed?: TwinEmbedder | undefined },
  input: IndexDocumentInput,
): Promise<FartwinDocument> {
  const { db, bus } = deps;
  const { twin } = input;
  const [held] = await db
    .select({ n: count() })
    .from(fartwinDocuments)
    .where(eq(fartwinDocuments.twinId, twin.id));
  if ((held?.n ?? 0) >= MAX_DOCUMENTS_PER_TWIN) {
    throw new KnowledgeUploadError(
      'too_many_documents',
      `A twin holds at most ${MAX_DOCUMENTS_PER_TWIN} documents`,
    );
  }
  const chunks = chunkDocument(input.text);
  const [created] = await db
    .insert(fartwinDocuments)
    .values({ twinId: twin.id, title: input.title, mediaType: input.mediaType, bytes: input.bytes })
    .returning();
  const document = created as FartwinDocument;
  const progress = (status: 'indexing' | 'ready' | 'failed', chunksIndexed: number) =>
    publishRealtime(bus, 'fartwin:indexing', {
      twinId: twin.id,
      documentId: document.id,
      ownerUserId: twin.ownerUserId,
      status,
      chunksIndexed,
      chunksTotal: chunks.length,
      at: new Date(),
    }).catch((error: unknown) => deps.logger.warn({ err: error }, 'could not publish indexing progress'));
  try {
    await progress('indexing', 0);
    for (let start = 0; start < chunks.length; start += BATCH) {
      const batch = chunks.slice(start, start + BATCH);
      await db.insert(fartwinChunks).values(
        batch.map((chunk, i) => ({
          ...chunk,
          position: start + i,
          documentId: document.id,
          twinId: twin.id,
        })),
      );
      await progress('indexing', start + batch.length);
    }
    const [ready] = await db
      .update(fartwinDocuments)
      .set({ status: 'ready', chunkCount: chunks.length })
      .where(eq(fartwinDocuments.id, document.id))
      .returning();
    if (deps.embed && input.payer) {
      await embedDocumentChunks(
        { db, embed: deps.embed, logger: deps.logger },
        { id: document.id, twinId: twin.id, model: twin.baseModel, payer: input.payer },
      );
    }
    await progress('ready', chunks.length);
    return ready as FartwinDocument;
  } catch (error) {
    await db
      .update(fartwinDocuments)
      .set({ status: 'failed', failureReason: 'indexing failed' })
      .where(eq(fartwinDocuments.id, document.id))
      .catch(() => {});
    await progress('failed', 0);
    throw error;
  }
}
