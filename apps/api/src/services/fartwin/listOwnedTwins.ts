import { type Db, fartwinTwins, users } from '@far/db';
import { desc, eq } from 'drizzle-orm';
import { toTwinResponse } from './toTwinResponse.js';
import type { TwinResponse } from './twinSchemas.js';

/**
 * The caller's own twins, every visibility, newest first (the owner's studio).
 *
 * @param db - the database.
 * @param userId - the owner.
 */
export async function listOwnedTwins(db: Db, userId: string): Promise<TwinResponse[]> {
  const rows = await db
    .select({ twin: fartwinTwins, ownerAddress: users.walletAddress })
    .from(fartwinTwins)
    .innerJoin(users, eq(users.id, fartwinTwins.ownerUserId))
    .where(eq(fartwinTwins.ownerUserId, userId))
    .orderBy(desc(fartwinTwins.createdAt));
  return rows.map((row) => toTwinResponse(row.twin, row.ownerAddress, userId));
}
