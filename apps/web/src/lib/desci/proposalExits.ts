import { type Address, isAddressEqual } from 'viem';
import type { Proposal } from './desciEndpoints';

/** An action a person may (or may not yet) take, with the reason when they may not. */
export type ExitAction = { allowed: true } | { allowed: false; reason: string };

/** Which withdrawal the escrow offers a backer, and how much it pays now. */
export type WithdrawalOffer = ExitAction & {
  /** `withdrawUnfunded` (all of it) or `withdrawRemainder` (the pro-rata share). */
  call: 'withdrawUnfunded' | 'withdrawRemainder' | null;
  amountWei: bigint;
};

/** What the proposal page offers a wallet when a proposal ends early, as ResearchEscrow allows it. */
export type ProposalExits = {
  /** `cancelProposal`: the researcher, while the proposal is still funding. */
  cancel: ExitAction | null;
  /** `failOverdueMilestone`: anyone, once the current milestone is unreleased past due date + grace. */
  failOverdue: ExitAction & { overdueAt: Date | null };
  withdraw: WithdrawalOffer | null;
};

const no = (reason: string): ExitAction => ({ allowed: false, reason });

/**
 * The early-exit actions of a proposal for one wallet, with the rules of ResearchEscrow: only the
 * researcher cancels, and only while funding (`cancelProposal`); anyone fails a funded proposal whose
 * current milestone is still unreleased after its due date plus the grace period
 * (`failOverdueMilestone`); a backer withdraws everything from an unfunded or cancelled proposal
 * (`withdrawUnfunded`) and a pro-rata share of the unreleased remainder from a failed one
 * (`withdrawRemainder`). Time is the browser's clock; the escrow decides by block time and says so if
 * they disagree.
 *
 * @param proposal - the proposal as the API serves it.
 * @param wallet - the connected wallet, if any.
 * @param now - the time to judge deadlines by.
 * @returns each action (null where it does not apply to this wallet at all).
 * @example
 * const exits = proposalExits(proposal, address, new Date());
 * if (exits.cancel?.allowed) showCancelButton();
 */
export function proposalExits(proposal: Proposal, wallet: Address | undefined, now: Date): ProposalExits {
  const isResearcher = wallet !== undefined && isAddressEqual(wallet, proposal.researcher);
  return {
    cancel: isResearcher ? cancelOf(proposal) : null,
    failOverdue: failOverdueOf(proposal, now),
    withdraw: wallet ? withdrawalOf(proposal, wallet) : null,
  };
}

function cancelOf(proposal: Proposal): ExitAction {
  if (proposal.status === 'funding') return { allowed: true };
  if (proposal.status === 'unfunded')
    return no('Funding closed short of the goal: backers withdraw in full.');
  return no(`A ${proposal.status} proposal can no longer be cancelled.`);
}

function failOverdueOf(proposal: Proposal, now: Date): ProposalExits['failOverdue'] {
  const milestone = proposal.milestones[proposal.currentMilestone];
  if (proposal.status !== 'funded' || !milestone) {
    return { ...no('Only a funded proposal’s current milestone can go overdue.'), overdueAt: null };
  }
  const { overdueAt } = milestone;
  if (now.getTime() <= overdueAt.getTime()) {
    return {
      ...no(`Milestone ${milestone.index + 1} is not overdue until ${overdueAt.toLocaleString()}.`),
      overdueAt,
    };
  }
  return { allowed: true, overdueAt };
}

function withdrawalOf(proposal: Proposal, wallet: Address): WithdrawalOffer | null {
  const mine = proposal.backers.find((backer) => isAddressEqual(backer.backer, wallet));
  if (!mine) return null;
  const call =
    proposal.status === 'unfunded' || proposal.status === 'cancelled'
      ? 'withdrawUnfunded'
      : proposal.status === 'failed'
        ? 'withdrawRemainder'
        : null;
  if (mine.contributionWei === 0n) {
    return { ...no('You have withdrawn your FAR from this proposal.'), call, amountWei: 0n };
  }
  if (call === null) {
    const reason =
      proposal.status === 'completed'
        ? 'Every milestone was released: nothing is left to withdraw.'
        : 'Your FAR stays in escrow while the proposal is on track; it comes back if funding misses the goal, the proposal is cancelled, or a milestone is rejected or overdue.';
    return { ...no(reason), call, amountWei: 0n };
  }
  if (mine.refundableWei === 0n) {
    return { ...no('Your share of the remainder rounds down to zero.'), call, amountWei: 0n };
  }
  return { allowed: true, call, amountWei: mine.refundableWei };
}
