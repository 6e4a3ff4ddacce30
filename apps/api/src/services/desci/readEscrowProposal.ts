import { researchEscrowAbi } from '@far/contracts';
import { type Address, getAddress, type PublicClient } from 'viem';

/** ResearchEscrow's `ProposalStatus`, by name, in the contract's order. */
const proposalStatuses = ['funding', 'funded', 'completed', 'failed', 'unfunded', 'cancelled'] as const;
export type ProposalStatus = (typeof proposalStatuses)[number];

/** ResearchEscrow's `MilestoneStatus`, by name, in the contract's order. */
const milestoneStatuses = ['pending', 'submitted', 'released', 'rejected', 'overdue'] as const;
export type MilestoneStatus = (typeof milestoneStatuses)[number];

/** One milestone as the escrow holds it. */
export type EscrowMilestone = {
  index: number;
  amountWei: bigint;
  /** Unix seconds. */
  dueDate: number;
  status: MilestoneStatus;
  /** Unix seconds; zero before a deliverable is submitted. */
  submittedAt: number;
  /** The submitted deliverable's SHA-256, or null before one is submitted. */
  deliverableHash: `0x${string}` | null;
};

/** A proposal as the escrow holds it, with its status as of now (a missed deadline reads `unfunded`). */
export type EscrowProposal = {
  proposalId: bigint;
  researcher: Address;
  /** Unix seconds: the end of funding. */
  deadline: number;
  threshold: number;
  status: ProposalStatus;
  currentMilestone: number;
  goalWei: bigint;
  raisedWei: bigint;
  releasedWei: bigint;
  refundedWei: bigint;
  feeBps: number;
  gracePeriod: number;
  metadataHash: `0x${string}`;
  reviewers: Address[];
  milestones: EscrowMilestone[];
};

const ZERO_HASH = `0x${'0'.repeat(64)}`;

/**
 * Reads one proposal from ResearchEscrow: its terms, totals, status as of now, panel and milestones.
 *
 * @param chain - the platform's chain client.
 * @param escrow - the ResearchEscrow address.
 * @param proposalId - the proposal's id.
 * @returns the proposal.
 * @throws viem's ContractFunctionRevertedError (`UnknownProposal`) for an id never opened.
 * @example
 * const proposal = await readEscrowProposal(core.chain, deployments.contracts.researchEscrow, 1n);
 */
export async function readEscrowProposal(
  chain: PublicClient,
  escrow: Address,
  proposalId: bigint,
): Promise<EscrowProposal> {
  const read = { address: escrow, abi: researchEscrowAbi, args: [proposalId] } as const;
  const [stored, status, milestones, reviewers] = await Promise.all([
    chain.readContract({ ...read, functionName: 'getProposal' }),
    chain.readContract({ ...read, functionName: 'statusOf' }),
    chain.readContract({ ...read, functionName: 'getMilestones' }),
    chain.readContract({ ...read, functionName: 'reviewersOf' }),
  ]);
  return {
    proposalId,
    researcher: getAddress(stored.researcher),
    deadline: Number(stored.deadline),
    threshold: stored.threshold,
    status: proposalStatuses[status] ?? 'funding',
    currentMilestone: stored.currentMilestone,
    goalWei: stored.goal,
    raisedWei: stored.raised,
    releasedWei: stored.released,
    refundedWei: stored.refunded,
    feeBps: stored.feeBps,
    gracePeriod: stored.gracePeriod,
    metadataHash: stored.metadataHash,
    reviewers: reviewers.map((reviewer) => getAddress(reviewer)),
    milestones: milestones.map((milestone, index) => ({
      index,
      amountWei: milestone.amount,
      dueDate: Number(milestone.dueDate),
      status: milestoneStatuses[milestone.status] ?? 'pending',
      submittedAt: Number(milestone.submittedAt),
      deliverableHash: milestone.deliverableHash === ZERO_HASH ? null : milestone.deliverableHash,
    })),
  };
}
