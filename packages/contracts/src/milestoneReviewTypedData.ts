import type { Address, TypedDataDomain } from 'viem';

/** Must equal the `EIP712(name, version)` constructor arguments of ResearchEscrow (ResearchEscrowBase.sol). */
export const RESEARCH_ESCROW_DOMAIN_NAME = 'Far Labs ResearchEscrow';
export const RESEARCH_ESCROW_DOMAIN_VERSION = '1';

/**
 * The EIP-712 domain of milestone reviews on one ResearchEscrow deployment: a signature is bound to
 * this chain and this contract, so it cannot be replayed on another escrow or chain.
 *
 * @param chainId Chain the escrow lives on.
 * @param verifyingContract The ResearchEscrow address.
 * @returns A domain for viem's `signTypedData` / `verifyTypedData`.
 * @example
 * await reviewer.signTypedData({ domain: researchEscrowDomain(31337, escrow), types: milestoneReviewTypes,
 *   primaryType: milestoneReviewPrimaryType, message: { proposalId: 1n, milestoneIndex: 0n, deliverableHash, approved: true } })
 */
export function researchEscrowDomain(chainId: number, verifyingContract: Address) {
  return {
    name: RESEARCH_ESCROW_DOMAIN_NAME,
    version: RESEARCH_ESCROW_DOMAIN_VERSION,
    chainId,
    verifyingContract,
  } as const satisfies TypedDataDomain;
}

/**
 * EIP-712 types of a reviewer's decision on one milestone deliverable (`MILESTONE_REVIEW_TYPEHASH` in
 * MilestoneReview.sol). k approvals go to `releaseMilestone`, k rejections to `rejectMilestone`; the
 * deliverable hash in the message means a replaced deliverable needs new signatures.
 */
export const milestoneReviewTypes = {
  MilestoneReview: [
    { name: 'proposalId', type: 'uint256' },
    { name: 'milestoneIndex', type: 'uint256' },
    { name: 'deliverableHash', type: 'bytes32' },
    { name: 'approved', type: 'bool' },
  ],
} as const;

/** The `primaryType` to pass to viem's `signTypedData`. */
export const milestoneReviewPrimaryType = 'MilestoneReview' as const;

export type MilestoneReviewMessage = {
  proposalId: bigint;
  milestoneIndex: bigint;
  deliverableHash: `0x${string}`;
  approved: boolean;
};
