import type { Address, Hex } from 'viem';
import type { EscrowMilestone, EscrowProposal } from './readEscrowProposal.js';

/** A milestone as the routes serve it: the escrow's terms and status, and how it was settled. */
export type MilestoneState = EscrowMilestone & {
  /** Where the submitted deliverable can be read (its anchor's link), or null. */
  deliverableUri: string | null;
  /** When it was released, rejected or failed overdue on chain, or null while open. */
  decidedAt: Date | null;
  decisionTransactionHash: Hex | null;
  /** The reviewers whose signatures the escrow accepted for its release or rejection. */
  signers: Address[];
};

/**
 * A proposal as the routes serve it: what the escrow holds, as the desci chain follower mirrored it
 * (or, for the moments before the follower sees a just-opened proposal, as read from the chain), with
 * its status as of now.
 */
export type ProposalState = Omit<EscrowProposal, 'milestones'> & { milestones: MilestoneState[] };
