import type { DesciProposalPage } from '@far/db';
import { getAddress } from 'viem';
import type { EscrowProposal } from './readEscrowProposal.js';

/**
 * A proposal as the discovery list shows it: the page's words over the chain's money and status.
 *
 * @param page - the stored page.
 * @param proposal - the proposal as the escrow holds it now.
 * @returns the wire summary (wei as decimal strings, dates as ISO strings).
 */
export function toProposalSummary(page: DesciProposalPage, proposal: EscrowProposal) {
  const fundedPercent = proposal.goalWei === 0n ? 0 : Number((proposal.raisedWei * 100n) / proposal.goalWei);
  return {
    proposalId: proposal.proposalId.toString(),
    title: page.title,
    abstract: page.abstract,
    field: page.field,
    researcher: getAddress(proposal.researcher),
    status: proposal.status,
    goalWei: proposal.goalWei.toString(),
    raisedWei: proposal.raisedWei.toString(),
    releasedWei: proposal.releasedWei.toString(),
    fundedPercent: Math.min(100, fundedPercent),
    deadline: new Date(proposal.deadline * 1000).toISOString(),
    milestoneCount: proposal.milestones.length,
    createdAt: page.createdAt.toISOString(),
  };
}
