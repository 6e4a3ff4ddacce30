import type { ModelCatalogue } from '../../models/readModelCatalogue.js';
import { TwinTermsError } from './TwinTermsError.js';
import type { CreateTwinInput } from './twinSchemas.js';

/**
 * Refuses settings that cannot go together: a base model the network does not serve, or a creator
 * fee on a private twin (only its owner may call it, so a fee would be the owner paying itself).
 *
 * @param terms - the twin's settings.
 * @param catalogue - the model catalogue (readModelCatalogue).
 * @throws TwinTermsError
 */
export function checkTwinTerms(
  terms: Pick<CreateTwinInput, 'baseModel' | 'visibility' | 'creatorFeeWeiPerMillion'>,
  catalogue: ModelCatalogue,
): void {
  if (catalogue.sellable(terms.baseModel)?.kind !== 'chat') {
    throw new TwinTermsError(
      'unknown_base_model',
      `baseModel: ${terms.baseModel} is not served by the network; see GET /v1/models`,
    );
  }
  if (terms.visibility === 'private' && terms.creatorFeeWeiPerMillion > 0n) {
    throw new TwinTermsError(
      'fee_on_private_twin',
      'creatorFeeWeiPerMillion: only public or unlisted twins may charge a creator fee',
    );
  }
}
