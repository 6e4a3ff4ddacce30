import {
  type Db,
  desciChainBackings,
  desciChainDecisions,
  desciChainEvents,
  desciChainMilestones,
  desciChainProposals,
  desciChainPublications,
} from '@far/db';
import { eq } from 'drizzle-orm';

/**
 * Deletes the mirror rows of one escrow and registry, before they are indexed again from the
 * deployment block (a fresh chain at the same addresses, or a reorg deeper than the confirmations).
 * The mirror is a projection of the chain, so it is rebuilt rather than patched; `revenue_streams`
 * rows stay, like the ledger's postings.
 *
 * @param tx - the transaction that re-applies the first range.
 * @param contracts - lowercase escrow and registry addresses.
 * @example
 * await clearDesciMirror(tx, { escrow, registry });
 */
export async function clearDesciMirror(
  tx: Db,
  contracts: { escrow: string; registry: string },
): Promise<void> {
  const { escrow, registry } = contracts;
  await tx.delete(desciChainEvents).where(eq(desciChainEvents.escrowAddress, escrow));
  await tx.delete(desciChainDecisions).where(eq(desciChainDecisions.escrowAddress, escrow));
  await tx.delete(desciChainBackings).where(eq(desciChainBackings.escrowAddress, escrow));
  await tx.delete(desciChainMilestones).where(eq(desciChainMilestones.escrowAddress, escrow));
  await tx.delete(desciChainProposals).where(eq(desciChainProposals.escrowAddress, escrow));
  await tx.delete(desciChainPublications).where(eq(desciChainPublications.registryAddress, registry));
}
