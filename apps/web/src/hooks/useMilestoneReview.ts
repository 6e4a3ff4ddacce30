'use client';

import {
  milestoneReviewPrimaryType,
  milestoneReviewTypes,
  researchEscrowDomain,
} from '@far/contracts/browser';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Hex } from 'viem';
import { useSignTypedData } from 'wagmi';
import { useSession } from '@/lib/auth/SessionProvider';
import { submitReview } from '@/lib/desci/desciEndpoints';
import { useDesciContracts } from './useDesciQueries';

/**
 * A reviewer's decision on a milestone deliverable: the wallet signs the EIP-712 `MilestoneReview`
 * (no transaction, no gas) and the API stores the signature beside the written review, to hand out
 * once k reviewers agree.
 * @returns `review(target, decision)`, resolving to the API's answer (whether the milestone is now decided)
 */
export function useMilestoneReview() {
  const { accessToken } = useSession();
  const contracts = useDesciContracts().data;
  const signTypedData = useSignTypedData();
  const queryClient = useQueryClient();

  const review = useCallback(
    async (
      target: { proposalId: bigint; milestoneIndex: number; deliverableHash: Hex },
      decision: { approved: boolean; body: string },
    ) => {
      if (!contracts || !accessToken) throw new Error('Sign in first.');
      const signature = await signTypedData.mutateAsync({
        domain: researchEscrowDomain(contracts.chainId, contracts.researchEscrow),
        types: milestoneReviewTypes,
        primaryType: milestoneReviewPrimaryType,
        message: {
          proposalId: target.proposalId,
          milestoneIndex: BigInt(target.milestoneIndex),
          deliverableHash: target.deliverableHash,
          approved: decision.approved,
        },
      });
      const answer = await submitReview(accessToken, target, { ...decision, signature });
      // The proposal pages refresh; the queue keeps the item, so the reviewer sees the confirmation.
      await queryClient.invalidateQueries({ queryKey: ['desci', 'proposal'] });
      return answer;
    },
    [contracts, accessToken, signTypedData, queryClient],
  );

  return { review };
}
