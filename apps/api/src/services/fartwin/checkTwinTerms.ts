import { getModelSpec } from '../../models/modelCatalogue.js';
import { TwinTermsError } from './TwinTermsError.js';
import type { CreateTwinInput } from './twinSchemas.js';

/**
 * Refuses settings that cannot go together: a base model the network does not serve, or a creator
 * fee on a private twin (only its owner may call it, so a fee would be the owner paying itself).
 *
 * @throws TwinTermsError
 */
export function checkTwinTerms(
  terms: Pick<CreateTwinInput, 'baseModel' | 'visibility' | 'creatorFeeWeiPerMillion'>,
): void {
  if (!getModelSpec(terms.baseModel)) {
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
