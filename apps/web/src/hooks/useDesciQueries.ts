'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Address } from 'viem';
import { useSession } from '@/lib/auth/SessionProvider';
import {
  fetchDesciContracts,
  fetchProposal,
  fetchReviewQueue,
  listProposals,
} from '@/lib/desci/desciEndpoints';

/** React Query keys of Far DeSci's views; a mined transaction refreshes them all (PendingTransactions). */
export const desciKeys = {
  contracts: ['desci', 'contracts'] as const,
  proposals: (filter: object) => ['desci', 'proposals', filter] as const,
  proposal: (proposalId: bigint) => ['desci', 'proposal', proposalId.toString()] as const,
  queue: (userId: string | undefined) => ['desci', 'queue', userId] as const,
};

/** Far DeSci's escrow and publication registry on the API's network. */
export function useDesciContracts() {
  return useQuery({ queryKey: desciKeys.contracts, queryFn: fetchDesciContracts, staleTime: Infinity });
}

/** Proposals to discover, filtered by words, field or researcher. */
export function useProposals(filter: { q?: string; field?: string; researcher?: Address }) {
  return useQuery({ queryKey: desciKeys.proposals(filter), queryFn: () => listProposals(filter) });
}

/**
 * One proposal in full, kept live: each `funding` event the API streams from the `desci:funding`
 * channel (another backer funded, a milestone was released) refetches it, so the progress bar moves
 * without a reload; so does each (re)connection of the stream.
 */
export function useProposal(proposalId: bigint) {
  const queryClient = useQueryClient();
  const queryKey = desciKeys.proposal(proposalId);
  useEffect(() => {
    const source = new EventSource(`/api/desci/proposals/${proposalId}/live`);
    const refresh = () => void queryClient.invalidateQueries({ queryKey: desciKeys.proposal(proposalId) });
    source.addEventListener('funding', refresh);
    // The page serves the follower's mirror: a change it applied between the first fetch and the
    // stream's subscription would never be announced to this page, so read again once connected.
    source.addEventListener('open', refresh);
    return () => source.close();
  }, [proposalId, queryClient]);
  return useQuery({ queryKey, queryFn: () => fetchProposal(proposalId) });
}

/** The milestones awaiting the signed-in reviewer. */
export function useReviewQueue() {
  const { accessToken, user } = useSession();
  return useQuery({
    queryKey: desciKeys.queue(user?.id),
    queryFn: () => fetchReviewQueue(accessToken ?? ''),
    enabled: accessToken !== null,
  });
}
