import { type Db, type GamedGamePage, gamedGamePages } from '@far/db';
import { eq } from 'drizzle-orm';
import { BaseError } from '../../errors/BaseError.js';
import type { Caller } from '../../http/appEnv.js';

/**
 * The game page `pageId` if the caller is its studio. Someone else's page answers `not_found`,
 * as a missing one does, so a caller learns nothing about pages that are not theirs to edit.
 *
 * @throws BaseError `not_found`.
 */
export async function findStudioPage(db: Db, caller: Caller, pageId: string): Promise<GamedGamePage> {
  const [page] = await db.select().from(gamedGamePages).where(eq(gamedGamePages.id, pageId));
  if (!page || page.studioWallet !== caller.walletAddress.toLowerCase()) {
    throw new BaseError('not_found', 'No such game page among yours');
  }
  return page;
}
