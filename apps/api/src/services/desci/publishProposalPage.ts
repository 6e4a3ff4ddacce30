import { researchEscrowAbi } from '@far/contracts';
import { type Db, type DesciProposalPage, desciProposalPages } from '@far/db';
import { isAddressEqual, type PublicClient } from 'viem';
import { BaseError } from '../../errors/BaseError.js';
import type { Caller } from '../../http/appEnv.js';
import type { DesciEscrow } from './DesciEscrow.js';
import { hashProposalMetadata, parseProposalMetadata } from './proposalMetadata.js';
import { type EscrowProposal, readEscrowProposal } from './readEscrowProposal.js';

/**
 * Publishes the page of a proposal the caller opened on chain. The page is stored only when the caller
 * is the proposal's researcher on chain and the document hashes to the proposal's `metadataHash`, so
 * nobody can put words in a researcher's mouth and the researcher cannot change them after backers
 * read them. The panel and threshold are copied from the chain for the reviewer queue.
 *
 * @param deps - database, chain client and Far DeSci's contracts.
 * @param request - the caller, the proposal id and the document's exact JSON text.
 * @returns the stored page and the proposal as the escrow holds it.
 * @throws BaseError `not_found` (no such proposal on chain), `forbidden` (not its researcher),
 *   `validation_failed` (not the committed document, or not one milestone text per milestone),
 *   `conflict` (its page is already published).
 */
export async function publishProposalPage(
  deps: { db: Db; chain: PublicClient; escrow: DesciEscrow },
  request: { caller: Caller; proposalId: bigint; metadataJson: string },
): Promise<{ page: DesciProposalPage; proposal: EscrowProposal }> {
  const { db, escrow } = deps;
  const { caller, proposalId, metadataJson } = request;
  const proposal = await readProposalOrNotFound(deps.chain, escrow, proposalId);
  if (!isAddressEqual(proposal.researcher, caller.walletAddress)) {
    throw new BaseError('forbidden', 'Only the proposal’s researcher may publish its page');
  }
  const metadataHash = hashProposalMetadata(metadataJson);
  if (metadataHash !== proposal.metadataHash.toLowerCase()) {
    throw new BaseError(
      'validation_failed',
      'metadataJson does not hash to the proposal’s metadataHash on chain',
      {
        details: { field: 'metadataJson', expected: proposal.metadataHash, actual: metadataHash },
      },
    );
  }
  const metadata = parseProposalMetadata(metadataJson);
  if (metadata.milestones.length !== proposal.milestones.length) {
    throw new BaseError(
      'validation_failed',
      `metadataJson describes ${metadata.milestones.length} milestones; the proposal has ${proposal.milestones.length}`,
      { details: { field: 'metadataJson.milestones' } },
    );
  }
  const [page] = await db
    .insert(desciProposalPages)
    .values({
      proposalId,
      escrowAddress: escrow.escrowKey,
      researcherUserId: caller.userId,
      researcherAddress: proposal.researcher.toLowerCase(),
      metadataHash,
      metadataJson,
      title: metadata.title,
      abstract: metadata.abstract,
      field: metadata.field,
      team: metadata.team,
      budgetNarrative: metadata.budgetNarrative,
      milestones: metadata.milestones,
      reviewers: proposal.reviewers.map((reviewer) => reviewer.toLowerCase()),
      threshold: proposal.threshold,
    })
    .onConflictDoNothing()
    .returning();
  if (!page) throw new BaseError('conflict', `proposal ${proposalId} already has its page`);
  return { page, proposal };
}

/**
 * The proposal on chain; an id the escrow never opened is a 404, not a chain failure. Ids run from 1
 * to `proposalCount`, which is asked rather than the revert decoded: not every node returns revert data.
 */
async function readProposalOrNotFound(chain: PublicClient, escrow: DesciEscrow, proposalId: bigint) {
  const count = await chain.readContract({
    address: escrow.escrow,
    abi: researchEscrowAbi,
    functionName: 'proposalCount',
  });
  if (proposalId === 0n || proposalId > count) {
    throw new BaseError('not_found', `proposal ${proposalId} does not exist on chain`);
  }
  return readEscrowProposal(chain, escrow.escrow, proposalId);
}
