import { type Db, type DesciProposalPage, desciProposalPages } from '@far/db';
import { and, eq } from 'drizzle-orm';
import { BaseError } from '../../errors/BaseError.js';

/**
 * The page of one proposal in one escrow.
 *
 * @param db - the database.
 * @param escrowAddress - the escrow, lowercase.
 * @param proposalId - the proposal's on-chain id.
 * @returns the page.
 * @throws BaseError `not_found` when the researcher has not published a page for it.
 */
export async function findProposalPage(
  db: Db,
  escrowAddress: string,
  proposalId: bigint,
): Promise<DesciProposalPage> {
  const [page] = await db
    .select()
    .from(desciProposalPages)
    .where(
      and(eq(desciProposalPages.escrowAddress, escrowAddress), eq(desciProposalPages.proposalId, proposalId)),
    );
  if (!page) throw new BaseError('not_found', `proposal ${proposalId} has no page`);
  return page;
}
