import { type Db, type FartwinTwin, fartwinTwins, users } from '@far/db';
import { eq } from 'drizzle-orm';
import { TwinNotFoundError } from './TwinNotFoundError.js';

export type VisibleTwin = { twin: FartwinTwin; ownerAddress: string };

/**
 * A twin the viewer may see: any public or unlisted twin, and a private one only by its owner.
 *
 * @param db - the database.
 * @param handle - the twin's handle.
 * @param viewerUserId - who asks; undefined when anonymous.
 * @returns the twin and its owner's wallet.
 * @throws TwinNotFoundError when there is none or it is someone else's private twin.
 */
export async function findVisibleTwin(
  db: Db,
  handle: string,
  viewerUserId: string | undefined,
): Promise<VisibleTwin> {
  const [row] = await db
    .select({ twin: fartwinTwins, ownerAddress: users.walletAddress })
    .from(fartwinTwins)
    .innerJoin(users, eq(users.id, fartwinTwins.ownerUserId))
    .where(eq(fartwinTwins.handle, handle));
  if (!row || (row.twin.visibility === 'private' && row.twin.ownerUserId !== viewerUserId)) {
    throw new TwinNotFoundError(handle);
  }
  return row;
}

/**
 * A twin the caller owns, for edits: anyone else's answers not found, like one that does not exist.
 *
 * @throws TwinNotFoundError
 */
export async function findOwnedTwin(db: Db, handle: string, userId: string): Promise<VisibleTwin> {
  const found = await findVisibleTwin(db, handle, userId);
  if (found.twin.ownerUserId !== userId) throw new TwinNotFoundError(handle);
  return found;
}
