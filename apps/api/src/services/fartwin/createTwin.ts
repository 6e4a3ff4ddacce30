import { type Db, type FartwinTwin, fartwinTwins, hasSqlState } from '@far/db';
import { readModelCatalogue } from '../../models/readModelCatalogue.js';
import { checkTwinTerms } from './checkTwinTerms.js';
import { TwinTermsError } from './TwinTermsError.js';
import type { CreateTwinInput } from './twinSchemas.js';

/**
 * Creates a twin owned by `ownerUserId`.
 *
 * @param db - the database.
 * @param ownerUserId - the caller.
 * @param input - the validated fields.
 * @returns the stored twin.
 * @throws TwinTermsError (`handle_taken`, `unknown_base_model`, `fee_on_private_twin`).
 * @example
 * await createTwin(db, userId, { handle: 'ada', name: 'Ada', persona: 'You are Ada…', baseModel: 'far-demo', … });
 */
export async function createTwin(db: Db, ownerUserId: string, input: CreateTwinInput): Promise<FartwinTwin> {
  checkTwinTerms(input, await readModelCatalogue(db));
  try {
    const [twin] = await db
      .insert(fartwinTwins)
      .values({ ...input, ownerUserId })
      .returning();
    return twin as FartwinTwin;
  } catch (error) {
    if (hasSqlState(error, '23505')) {
      // unique_violation: the handle
      throw new TwinTermsError('handle_taken', `handle: twin:${input.handle} is taken`);
    }
    throw error;
  }
}
