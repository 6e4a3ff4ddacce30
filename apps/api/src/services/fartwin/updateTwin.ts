import { type Db, type FartwinTwin, fartwinTwins } from '@far/db';
import { eq, sql } from 'drizzle-orm';
import { readModelCatalogue } from '../../models/readModelCatalogue.js';
import { checkTwinTerms } from './checkTwinTerms.js';
import type { UpdateTwinInput } from './twinSchemas.js';

/**
 * Changes a twin's settings. A chat already running keeps the fee it was priced at (the caller
 * reserved for it); the next one pays the new fee.
 *
 * @param db - the database.
 * @param twin - the twin as stored (the caller owns it).
 * @param changes - the fields to change.
 * @returns the updated twin.
 * @throws TwinTermsError when the result would be invalid (e.g. made private while charging).
 */
export async function updateTwin(db: Db, twin: FartwinTwin, changes: UpdateTwinInput): Promise<FartwinTwin> {
  checkTwinTerms(
    {
      baseModel: changes.baseModel ?? twin.baseModel,
      visibility: changes.visibility ?? twin.visibility,
      creatorFeeWeiPerMillion: changes.creatorFeeWeiPerMillion ?? twin.creatorFeeWeiPerMillion,
    },
    await readModelCatalogue(db),
  );
  const [updated] = await db
    .update(fartwinTwins)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(fartwinTwins.id, twin.id))
    .returning();
  return updated as FartwinTwin;
}
