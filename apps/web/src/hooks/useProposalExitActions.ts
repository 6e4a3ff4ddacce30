'use client';

import { useCallback } from 'react';
import { useEscrowCall } from './useEscrowCall';
import { useTrackedAction } from './useTrackedAction';

/**
 * Ending a proposal early on ResearchEscrow, as tracked actions: the researcher cancels a proposal
 * still funding (`cancelProposal`), anyone fails a funded proposal's overdue milestone
 * (`failOverdueMilestone`). Withdrawing afterwards is `useDesciActions().withdraw`.
 * @returns the actions, the label of the one in flight and the last outcome
 */
export function useProposalExitActions() {
  const escrowCall = useEscrowCall();
  const { run, busy, outcome } = useTrackedAction();

  const cancelProposal = useCallback(
    (proposalId: bigint) => run('Cancel proposal', () => escrowCall('cancelProposal', [proposalId])),
    [run, escrowCall],
  );

  const failOverdueMilestone = useCallback(
    (proposalId: bigint) =>
      run('Fail overdue milestone', () => escrowCall('failOverdueMilestone', [proposalId])),
    [run, escrowCall],
  );

  return { cancelProposal, failOverdueMilestone, busy, outcome };
}
