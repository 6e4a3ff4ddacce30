import { type Db, fartwinTwins } from '@far/db';
import { eq } from 'drizzle-orm';

/**
 * Deletes a twin and everything that belongs to it: documents, chunks, conversations, messages,
 * memories and memory settings go with it (foreign keys cascade). The fee records stay, with the
 * handle, because money records outlive what earned them.
 *
 * @param db - the database.
 * @param twinId - the twin (the caller owns it).
 */
export async function deleteTwin(db: Db, twinId: string): Promise<void> {
  await db.delete(fartwinTwins).where(eq(fartwinTwins.id, twinId));
}
