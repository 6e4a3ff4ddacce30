import { type Db, desciChainBackings, desciChainEvents } from '@far/db';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { type Address, getAddress } from 'viem';
import type { DesciEscrow } from './DesciEscrow.js';
import type { ProposalState } from './ProposalState.js';

/** A backer of one proposal: what they gave, what the escrow still holds for them, and what they could take back now. */
export type ProposalBacker = {
  backer: Address;
  /** Everything they gave, refunds not deducted. */
  givenWei: bigint;
  /** The escrow's `contributionOf`: what they gave, or zero once they withdrew. */
  contributionWei: bigint;
  /** The escrow's `refundableOf` now: all of it when unfunded or cancelled, the pro-rata share when failed. */
  refundableWei: bigint;
};

/** The escrow events that zero a backer's contribution. */
const WITHDRAWALS = ['UnfundedWithdrawn', 'RemainderWithdrawn'];

/**
 * The backers of a proposal, largest first, from the desci chain mirror: each backer's total and
 * whether they withdrew (a withdrawal zeroes their contribution in the escrow, whatever it paid). What
 * they could withdraw now follows `RemainderRefunds`: for a failed proposal
 * `floor((before + c) × R / raised) − floor(before × R / raised)`, with `R` the unreleased remainder
 * and `before` the contributions already refunded, so the figure shown is the exact wei the next
 * withdrawal pays.
 *
 * @param db - the database.
 * @param escrow - Far DeSci's contracts.
 * @param proposal - the proposal's state (status, raised and released).
 * @returns one entry per backer.
 * @example
 * const backers = await listProposalBackers(db, escrow, proposal);
 */
export async function listProposalBackers(
  db: Db,
  escrow: DesciEscrow,
  proposal: ProposalState,
): Promise<ProposalBacker[]> {
  const { proposalId } = proposal;
  const [backings, withdrawals] = await Promise.all([
    db
      .select()
      .from(desciChainBackings)
      .where(
        and(
          eq(desciChainBackings.escrowAddress, escrow.escrowKey),
          eq(desciChainBackings.proposalId, proposalId),
        ),
      )
      .orderBy(desc(desciChainBackings.contributedWei), asc(desciChainBackings.firstBackedAt)),
    db
      .selectDistinct({ backer: desciChainEvents.actorAddress })
      .from(desciChainEvents)
      .where(
        and(
          eq(desciChainEvents.escrowAddress, escrow.escrowKey),
          eq(desciChainEvents.proposalId, proposalId),
          inArray(desciChainEvents.eventName, WITHDRAWALS),
        ),
      ),
  ]);
  const withdrew = new Set(withdrawals.map((row) => row.backer));
  const refundedContribution = backings
    .filter((row) => withdrew.has(row.backerAddress))
    .reduce((sum, row) => sum + row.contributedWei, 0n);
  return backings.map((row) => {
    const contributionWei = withdrew.has(row.backerAddress) ? 0n : row.contributedWei;
    return {
      backer: getAddress(row.backerAddress),
      givenWei: row.contributedWei,
      contributionWei,
      refundableWei: refundableOf(proposal, contributionWei, refundedContribution),
    };
  });
}

/** ResearchEscrow's `refundableOf` for a backer whose contribution is still in escrow. */
function refundableOf(proposal: ProposalState, contribution: bigint, before: bigint): bigint {
  if (proposal.status === 'unfunded' || proposal.status === 'cancelled') return contribution;
  if (proposal.status !== 'failed' || proposal.raisedWei === 0n) return 0n;
  const remainder = proposal.raisedWei - proposal.releasedWei;
  const share = (contributions: bigint) => (contributions * remainder) / proposal.raisedWei;
  return share(before + contribution) - share(before);
}
