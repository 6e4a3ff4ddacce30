import { milestoneReviewPrimaryType, milestoneReviewTypes, researchEscrowDomain } from '@far/contracts';
import { type Address, type Hex, isAddressEqual, recoverTypedDataAddress } from 'viem';
import { BaseError } from '../../errors/BaseError.js';
import { assertCanonicalSignature } from './assertCanonicalSignature.js';

/** A reviewer's signed decision on one deliverable, as submitted to the API. */
export type SignedMilestoneReview = {
  chainId: number;
  escrow: Address;
  proposalId: bigint;
  milestoneIndex: number;
  deliverableHash: Hex;
  approved: boolean;
  signature: Hex;
};

/**
 * Checks that `signature` is `reviewer`'s EIP-712 `MilestoneReview` of exactly this decision on this
 * deliverable, under this escrow's domain, in the one form the escrow accepts (low s, v of 27 or 28):
 * the same check `releaseMilestone` and `rejectMilestone` make on chain, done before the API stores a
 * signature nobody could use.
 *
 * @param review - the decision and its signature.
 * @param reviewer - the wallet that must have signed it.
 * @throws NonCanonicalSignatureError (`invalid_signature`) for a signature the escrow would refuse even
 *   from the reviewer (high s, v not 27 or 28); BaseError `invalid_signature` when it does not recover to
 *   `reviewer` (another message, another escrow or chain, a malformed signature).
 * @example
 * await verifyMilestoneReview({ chainId, escrow, proposalId: 1n, milestoneIndex: 0, deliverableHash,
 *   approved: true, signature }, caller.walletAddress);
 */
export async function verifyMilestoneReview(review: SignedMilestoneReview, reviewer: Address): Promise<void> {
  assertCanonicalSignature(review.signature);
  let signer: Address;
  try {
    signer = await recoverTypedDataAddress({
      domain: researchEscrowDomain(review.chainId, review.escrow),
      types: milestoneReviewTypes,
      primaryType: milestoneReviewPrimaryType,
      message: {
        proposalId: review.proposalId,
        milestoneIndex: BigInt(review.milestoneIndex),
        deliverableHash: review.deliverableHash,
        approved: review.approved,
      },
      signature: review.signature,
    });
  } catch (error) {
    throw new BaseError('invalid_signature', 'The review signature is malformed', { cause: error });
  }
  if (!isAddressEqual(signer, reviewer)) {
    throw new BaseError(
      'invalid_signature',
      'The review signature is not yours for this decision on this deliverable',
      {
        details: { field: 'signature' },
      },
    );
  }
}
