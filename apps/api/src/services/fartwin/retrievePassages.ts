import { type Db, fartwinChunks, fartwinDocuments } from '@far/db';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Logger } from '../../observability/createLogger.js';
import { rankChunksByVector } from './chunkEmbeddingStore.js';
import { fuseRankings } from './fuseRankings.js';

/** A passage retrieved for a question, with where it comes from. */
export type RetrievedPassage = {
  chunkId: string;
  documentId: string;
  title: string;
  heading: string;
  content: string;
  rank: number;
};

/** Words of at most this many characters, at most this many of them, go into the query. */
const MAX_WORD = 40;
const MAX_WORDS = 32;
/** Each ranking contributes this many candidates per passage asked for to the fusion. */
const CANDIDATES_PER_PASSAGE = 3;

/**
 * Semantic search beside full-text: the question's vector from the model the twin's chunks were
 * embedded with (billed to whoever asks), or nothing when no node serves embeddings for it.
 */
export type SemanticSearch = {
  model: string;
  embedQuestion: (question: string) => Promise<number[]>;
  logger: Logger;
};

/**
 * The twin's passages most relevant to a question. With `semantic`, hybrid: the full-text ranking
 * below and the chunks' cosine similarity to the question's vector, fused by reciprocal rank
 * (`fuseRankings`); a twin without vectors, or an embeddings call that fails, leaves full-text
 * alone, which is complete on its own (and all there is on a database or network without
 * embeddings).
 *
 * @param db - the database.
 * @param twinId - whose knowledge.
 * @param question - the user's words.
 * @param limit - at most this many passages.
 * @param semantic - the question's embedding, for the hybrid ranking.
 * @returns passages, best first (`rank` is the fused score when hybrid).
 */
export async function retrievePassages(
  db: Db,
  twinId: string,
  question: string,
  limit: number,
  semantic?: SemanticSearch,
): Promise<RetrievedPassage[]> {
  if (!semantic) return searchPassagesByText(db, twinId, question, limit);
  const candidates = limit * CANDIDATES_PER_PASSAGE;
  const [byText, byVector] = await Promise.all([
    searchPassagesByText(db, twinId, question, candidates),
    rankQuestionByVector(db, twinId, question, candidates, semantic),
  ]);
  if (byVector.length === 0) return byText.slice(0, limit);
  const fused = fuseRankings([byText.map((p) => p.chunkId), byVector]).slice(0, limit);
  const known = new Map(byText.map((p) => [p.chunkId, p]));
  const missing = fused.map((f) => f.id).filter((id) => !known.has(id));
  for (const passage of await readPassages(db, twinId, missing)) known.set(passage.chunkId, passage);
  return fused.flatMap((f) => {
    const passage = known.get(f.id);
    return passage ? [{ ...passage, rank: f.score }] : [];
  });
}

/** Chunk ids by similarity to the question's vector; none when it cannot be embedded or nothing is stored. */
async function rankQuestionByVector(
  db: Db,
  twinId: string,
  question: string,
  limit: number,
  semantic: SemanticSearch,
): Promise<string[]> {
  if (question.trim() === '') return [];
  try {
    const vector = await semantic.embedQuestion(question);
    const ranked = await rankChunksByVector(db, twinId, semantic.model, vector, limit);
    return ranked.map((r) => r.chunkId);
  } catch (error) {
    semantic.logger.warn({ err: error, twinId }, 'semantic retrieval unavailable; full-text only');
    return [];
  }
}

/** Passages by chunk id, as retrieval returns them (rank 0: the caller ranks them). */
async function readPassages(db: Db, twinId: string, chunkIds: string[]): Promise<RetrievedPassage[]> {
  if (chunkIds.length === 0) return [];
  return db
    .select({
      chunkId: fartwinChunks.id,
      documentId: fartwinChunks.documentId,
      title: fartwinDocuments.title,
      heading: fartwinChunks.heading,
      content: fartwinChunks.content,
      rank: sql<number>`0`,
    })
    .from(fartwinChunks)
    .innerJoin(fartwinDocuments, eq(fartwinDocuments.id, fartwinChunks.documentId))
    .where(and(eq(fartwinChunks.twinId, twinId), inArray(fartwinChunks.id, chunkIds)));
}

/**
 * The twin's passages most relevant to a question, by PostgreSQL full-text search: the question's
 * words, any of them (`websearch_to_tsquery` over "a or b or c", stemmed, stop words dropped),
 * ranked by cover density (`ts_rank_cd`) with a heading match weighted above the body. Works the
 * same on PGlite and PostgreSQL, with no extension.
 *
 * @param db - the database.
 * @param twinId - whose knowledge.
 * @param question - the user's words.
 * @param limit - at most this many passages.
 * @returns passages, best first; none when nothing matches.
 */
async function searchPassagesByText(
  db: Db,
  twinId: string,
  question: string,
  limit: number,
): Promise<RetrievedPassage[]> {
  // Only words go to the parser: websearch syntax (quotes, minus) in a question must not change its meaning.
  const words = (question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((word) => word.length <= MAX_WORD && word !== 'or')
    .slice(0, MAX_WORDS);
  if (words.length === 0) return [];
  const query = sql`websearch_to_tsquery('english'::regconfig, ${words.join(' or ')})`;
  const rank = sql<number>`ts_rank_cd(${fartwinChunks.searchVector}, ${query})`;
  const rows = await db
    .select({
      chunkId: fartwinChunks.id,
      documentId: fartwinChunks.documentId,
      title: fartwinDocuments.title,
      heading: fartwinChunks.heading,
      content: fartwinChunks.content,
      rank,
    })
    .from(fartwinChunks)
    .innerJoin(fartwinDocuments, eq(fartwinDocuments.id, fartwinChunks.documentId))
    .where(and(eq(fartwinChunks.twinId, twinId), sql`${fartwinChunks.searchVector} @@ ${query}`))
    .orderBy(desc(rank), fartwinChunks.documentId, fartwinChunks.position)
    .limit(limit);
  return rows.map((row) => ({ ...row, rank: Number(row.rank) }));
}
