import { type Db, fartwinTwins, users } from '@far/db';
import { and, desc, eq, ilike, or, type SQL } from 'drizzle-orm';
import { toTwinResponse } from './toTwinResponse.js';
import type { TwinResponse } from './twinSchemas.js';

export type GalleryQuery = {
  search?: string | undefined;
  category?: string | undefined;
  sort: 'most_used' | 'newest';
  limit: number;
  offset: number;
};

/**
 * The gallery: public twins only (unlisted ones are reachable by handle, never listed), filtered
 * by a search over name, handle and persona and by category, most used or newest first.
 *
 * @param db - the database.
 * @param query - filters and page.
 * @param viewerUserId - who asks, to mark their own twins.
 */
export async function listGalleryTwins(
  db: Db,
  query: GalleryQuery,
  viewerUserId: string | undefined,
): Promise<TwinResponse[]> {
  const filters: (SQL | undefined)[] = [eq(fartwinTwins.visibility, 'public')];
  if (query.category) filters.push(eq(fartwinTwins.category, query.category));
  if (query.search) {
    // The search text is a LIKE pattern's literal: its wildcards are escaped.
    const pattern = `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    filters.push(
      or(
        ilike(fartwinTwins.name, pattern),
        ilike(fartwinTwins.handle, pattern),
        ilike(fartwinTwins.persona, pattern),
      ),
    );
  }
  const rows = await db
    .select({ twin: fartwinTwins, ownerAddress: users.walletAddress })
    .from(fartwinTwins)
    .innerJoin(users, eq(users.id, fartwinTwins.ownerUserId))
    .where(and(...filters))
    .orderBy(
      ...(query.sort === 'most_used'
        ? [desc(fartwinTwins.chatCount), desc(fartwinTwins.createdAt)]
        : [desc(fartwinTwins.createdAt)]),
      fartwinTwins.id,
    )
    .limit(query.limit)
    .offset(query.offset);
  return rows.map((row) => toTwinResponse(row.twin, row.ownerAddress, viewerUserId));
}
