import { type Db, fartwinChunks, fartwinDocuments } from '@far/db';
import { and, desc, eq, sql } from 'drizzle-orm';

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
 * @example
 * const passages = await retrievePassages(db, twin.id, 'How do I stake FAR?', 4);
 */
export async function retrievePassages(
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
