'use client';

import { researchEscrowAbi } from '@far/contracts/browser';
import { useCallback } from 'react';
import { type Address, parseEventLogs } from 'viem';
import { usePublicClient } from 'wagmi';
import { useSession } from '@/lib/auth/SessionProvider';
import {
  fetchDecisionSignatures,
  type ProposalMetadata,
  publishProposalPage,
} from '@/lib/desci/desciEndpoints';
import { hashProposalMetadata } from '@/lib/desci/hashProposalMetadata';
import { sha256File } from '@/lib/desci/sha256File';
import { useDesciContracts } from './useDesciQueries';
import { useEscrowCall } from './useEscrowCall';
import { usePermitFunding } from './usePermitFunding';
import { useTrackedAction } from './useTrackedAction';
import { useWeb3 } from './useWeb3';

/** What a researcher asks for when opening a proposal; amounts in wei, dates in unix seconds. */
export type ProposalTerms = {
  deadline: bigint;
  milestones: { amountWei: bigint; dueDate: bigint }[];
  reviewers: Address[];
  threshold: number;
  metadata: ProposalMetadata;
};

/**
 * Far DeSci's wallet actions against ResearchEscrow, each run as a tracked, labelled action (one at a
 * time; a rejected wallet prompt is `cancelled`): open a proposal and publish its page, fund it with a
 * permit, withdraw, submit a deliverable (hashed in the browser), release (or reject) a decided
 * milestone with the reviewers' signatures. An escrow revert fails with its custom error explained.
 * Reviewing is `useMilestoneReview`; ending a proposal early is `useProposalExitActions`.
 * @returns the actions, the label of the one in flight and the last outcome
 */
export function useDesciActions() {
  const { expectedChainId } = useWeb3();
  const chainId = (expectedChainId ?? undefined) as never;
  const { accessToken } = useSession();
  const contracts = useDesciContracts().data;
  const publicClient = usePublicClient({ chainId });
  const { fund: fundWithPermit } = usePermitFunding();
  const { run, busy, outcome } = useTrackedAction();

  const escrowCall = useEscrowCall();

  const openProposal = useCallback(
    (terms: ProposalTerms) =>
      run('Open proposal', async () => {
        if (!publicClient || !accessToken) throw new Error('Sign in first.');
        const metadataJson = JSON.stringify(terms.metadata);
        const goal = terms.milestones.reduce((sum, m) => sum + m.amountWei, 0n);
        const hash = await escrowCall('openProposal', [
          goal,
          terms.deadline,
          terms.milestones.map((m) => ({ amount: m.amountWei, dueDate: m.dueDate })),
          terms.reviewers,
          BigInt(terms.threshold),
          hashProposalMetadata(metadataJson),
        ]);
        const receipt = await publicClient.waitForTransactionReceipt({ hash });
        const [opened] = parseEventLogs({
          abi: researchEscrowAbi,
          eventName: 'ProposalOpened',
          logs: receipt.logs,
        });
        if (!opened) throw new Error('The proposal was not opened.');
        await publishProposalPage(accessToken, opened.args.proposalId, metadataJson);
        return hash;
      }),
    [run, publicClient, accessToken, escrowCall],
  );

  const fund = useCallback(
    (proposalId: bigint, amountWei: bigint) =>
      run('Fund', () => {
        if (!contracts) throw new Error('Far DeSci is not deployed on this network.');
        return fundWithPermit(contracts.researchEscrow, amountWei, {
          withPermit: (permit) =>
            escrowCall('fundWithPermit', [
              proposalId,
              amountWei,
              permit.deadline,
              permit.v,
              permit.r,
              permit.s,
            ]),
          afterApproval: () => escrowCall('fund', [proposalId, amountWei]),
        });
      }),
    [run, contracts, fundWithPermit, escrowCall],
  );

  const withdraw = useCallback(
    (proposalId: bigint, kind: 'unfunded' | 'remainder') =>
      run('Withdraw', () =>
        escrowCall(kind === 'unfunded' ? 'withdrawUnfunded' : 'withdrawRemainder', [proposalId]),
      ),
    [run, escrowCall],
  );

  const submitDeliverable = useCallback(
    (proposalId: bigint, milestoneIndex: number, file: File, uri: string) =>
      run('Submit deliverable', async () => {
        const deliverableHash = await sha256File(file);
        return escrowCall('submitDeliverable', [
          proposalId,
          BigInt(milestoneIndex),
          deliverableHash,
          file.name,
          uri,
        ]);
      }),
    [run, escrowCall],
  );

  const settleMilestone = useCallback(
    (proposalId: bigint, milestoneIndex: number) =>
      run('Release funds', async () => {
        const decided = await fetchDecisionSignatures(proposalId, milestoneIndex);
        return escrowCall(decided.call, [proposalId, BigInt(milestoneIndex), decided.signatures]);
      }),
    [run, escrowCall],
  );

  return {
    openProposal,
    fund,
    withdraw,
    submitDeliverable,
    settleMilestone,
    busy,
    outcome,
  };
}
