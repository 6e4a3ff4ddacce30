import type { Address, Hex } from 'viem';

/** ResearchEscrow's ProposalStatus, in enum order. */
export const PROPOSAL_STATUS = ['funding', 'funded', 'completed', 'failed', 'unfunded', 'cancelled'] as const;
type ProposalStatus = (typeof PROPOSAL_STATUS)[number];
/** ResearchEscrow's MilestoneStatus, by name. */
type MilestoneStatus = 'pending' | 'submitted' | 'released' | 'rejected' | 'overdue';

/** What the model expects of one proposal: the escrow's state, computed in plain TypeScript. */
export type ModelProposal = {
  id: bigint;
  goal: bigint;
  deadline: bigint;
  amounts: bigint[];
  dueDates: bigint[];
  threshold: number;
  status: ProposalStatus;
  raised: bigint;
  released: bigint;
  refunded: bigint;
  refundedContribution: bigint;
  current: number;
  milestones: MilestoneStatus[];
  deliverable: Hex | undefined;
  contributions: Map<Address, bigint>;
};

/** The platform terms every proposal of a run was opened under. */
export type ModelTerms = { feeBps: bigint; stakerShareBps: bigint; gracePeriod: bigint };

/** What the escrow should still hold for a proposal: raised, less released, less refunded. */
export const owedBy = (p: ModelProposal) => p.raised - p.released - p.refunded;

/** `funding` stays stored after a missed deadline; the model reports it the way the chain stores it. */
export function canFund(p: ModelProposal, now: bigint) {
  return p.status === 'funding' && now <= p.deadline;
}

export function canWithdrawUnfunded(p: ModelProposal, now: bigint, backer: Address) {
  const closed =
    (p.status === 'funding' && now > p.deadline) || p.status === 'unfunded' || p.status === 'cancelled';
  return closed && (p.contributions.get(backer) ?? 0n) > 0n;
}

export function overdueAt(p: ModelProposal, terms: ModelTerms) {
  return (p.dueDates[p.current] ?? 0n) + terms.gracePeriod;
}

/** Whether `signers` (panel indices, 3 = an outsider) decide the current milestone for the model. */
export function panelDecides(p: ModelProposal, signers: number[]) {
  const distinct = new Set(signers);
  return distinct.size === signers.length && !signers.includes(3) && signers.length >= p.threshold;
}

/** The fee split of one release, as MilestoneReview rounds it. */
export function splitRelease(amount: bigint, terms: ModelTerms) {
  const fee = (amount * terms.feeBps) / 10_000n;
  const stakers = (fee * terms.stakerShareBps) / 10_000n;
  return { researcher: amount - fee, stakers, treasury: fee - stakers };
}

/** A backer's pro-rata refund of a failed proposal: the telescoping difference RemainderRefunds pays. */
export function remainderShare(p: ModelProposal, contribution: bigint) {
  const remainder = p.raised - p.released;
  const before = p.refundedContribution;
  return ((before + contribution) * remainder) / p.raised - (before * remainder) / p.raised;
}
