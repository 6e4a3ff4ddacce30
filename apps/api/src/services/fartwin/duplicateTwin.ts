import {
  type Db,
  type FartwinTwin,
  fartwinChunks,
  fartwinDocuments,
  fartwinTwins,
  hasSqlState,
} from '@far/db';
import { eq } from 'drizzle-orm';
import { TwinTermsError } from './TwinTermsError.js';

/**
 * Copies a twin the caller owns under a new handle, with its knowledge (documents and chunks), in
 * one transaction. The copy starts private and free; conversations and memories are the users',
 * not the twin's, so they are not copied.
 *
 * @param db - the database.
 * @param source - the twin to copy.
 * @param handle - the copy's handle.
 * @returns the copy.
 * @throws TwinTermsError `handle_taken`.
 */
export async function duplicateTwin(db: Db, source: FartwinTwin, handle: string): Promise<FartwinTwin> {
  try {
    return await db.transaction(async (tx) => {
      const { id: _id, createdAt: _c, updatedAt: _u, chatCount: _n, ...settings } = source;
      const [copy] = await tx
        .insert(fartwinTwins)
        .values({
          ...settings,
          handle,
          name: `${source.name} (copy)`.slice(0, 80),
          visibility: 'private',
          creatorFeeWeiPerMillion: 0n,
        })
        .returning();
      const twin = copy as FartwinTwin;
      const documents = await tx
        .select()
        .from(fartwinDocuments)
        .where(eq(fartwinDocuments.twinId, source.id));
      for (const document of documents) {
        const { id: documentId, createdAt: _d, ...fields } = document;
        const [copied] = await tx
          .insert(fartwinDocuments)
          .values({ ...fields, twinId: twin.id })
          .returning({ id: fartwinDocuments.id });
        const chunks = await tx
          .select({
            position: fartwinChunks.position,
            heading: fartwinChunks.heading,
            content: fartwinChunks.content,
          })
          .from(fartwinChunks)
          .where(eq(fartwinChunks.documentId, documentId));
        if (chunks.length > 0) {
          await tx
            .insert(fartwinChunks)
            .values(chunks.map((chunk) => ({ ...chunk, documentId: copied?.id as string, twinId: twin.id })));
        }
      }
      return twin;
    });
  } catch (error) {
    // 23505: unique_violation, the handle
    if (hasSqlState(error, '23505'))
      throw new TwinTermsError('handle_taken', `handle: twin:${handle} is taken`);
    throw error;
  }
}
