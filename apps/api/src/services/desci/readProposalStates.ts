import type { Db } from '@far/db';
import type { PublicClient } from 'viem';
import type { DesciEscrow } from './DesciEscrow.js';
import type { ProposalState } from './ProposalState.js';
import { readEscrowProposal } from './readEscrowProposal.js';
import { readMirroredProposals } from './readMirroredProposals.js';

/**
 * The proposals the routes serve, from the desci chain mirror. A proposal the follower has not
 * mirrored yet (its page is published in the seconds after the opening transaction, before the
 * follower's next poll) is read from the escrow instead, so a just-opened proposal is never missing
 * from discovery; it has no backers, deliverables or decisions yet to miss.
 *
 * @param deps - database, chain client and Far DeSci's contracts.
 * @param proposalIds - the proposals wanted (each has a published page, so it exists on chain).
 * @returns one state per id.
 * @example
 * const states = await readProposalStates({ db, chain, escrow }, pages.map((p) => p.proposalId));
 */
export async function readProposalStates(
  deps: { db: Db; chain: PublicClient; escrow: DesciEscrow },
  proposalIds: readonly bigint[],
): Promise<Map<bigint, ProposalState>> {
  const states = await readMirroredProposals(deps.db, deps.escrow, proposalIds);
  const missing = [...new Set(proposalIds)].filter((id) => !states.has(id));
  const fromChain = await Promise.all(
    missing.map((id) => readEscrowProposal(deps.chain, deps.escrow.escrow, id)),
  );
  for (const proposal of fromChain) {
    states.set(proposal.proposalId, {
      ...proposal,
      milestones: proposal.milestones.map((milestone) => ({
        ...milestone,
        deliverableUri: null,
        decidedAt: null,
        decisionTransactionHash: null,
        signers: [],
      })),
    });
  }
  return states;
}

/**
 * One proposal's state (see {@link readProposalStates}).
 *
 * @throws Error when the id has no state, which a published page rules out.
 */
export async function readProposalState(
  deps: { db: Db; chain: PublicClient; escrow: DesciEscrow },
  proposalId: bigint,
): Promise<ProposalState> {
  const state = (await readProposalStates(deps, [proposalId])).get(proposalId);
  if (!state) throw new Error(`proposal ${proposalId} has no state`);
  return state;
}
