import {
  type Db,
  type DesciChainMilestone,
  type DesciChainProposal,
  desciChainDecisions,
  desciChainMilestones,
  desciChainProposals,
  desciChainPublications,
} from '@far/db';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { getAddress, type Hex } from 'viem';
import type { DesciEscrow } from './DesciEscrow.js';
import type { MilestoneState, ProposalState } from './ProposalState.js';

const seconds = (date: Date | null) => (date ? Math.floor(date.getTime() / 1000) : 0);

/**
 * Proposals as the desci chain follower mirrored them (`desci_chain_*`): terms, money, panel, each
 * milestone with its deliverable (and the link it is anchored with) and the reviewers whose signatures
 * settled it. The follower cannot see a deadline pass, so a proposal still `funding` after its
 * deadline reads `unfunded`, as the escrow's `statusOf` says.
 *
 * @param db - the database.
 * @param escrow - Far DeSci's contracts.
 * @param proposalIds - the proposals wanted.
 * @param now - the time the status is as of.
 * @returns the mirrored ones by id; an id the follower has not mirrored (yet) is absent.
 * @example
 * const states = await readMirroredProposals(db, escrow, [1n, 2n]);
 */
export async function readMirroredProposals(
  db: Db,
  escrow: DesciEscrow,
  proposalIds: readonly bigint[],
  now: Date = new Date(),
): Promise<Map<bigint, ProposalState>> {
  const found = new Map<bigint, ProposalState>();
  if (proposalIds.length === 0) return found;
  const ids = [...new Set(proposalIds)];
  const inEscrow = <
    T extends typeof desciChainProposals | typeof desciChainMilestones | typeof desciChainDecisions,
  >(
    table: T,
  ) => and(eq(table.escrowAddress, escrow.escrowKey), inArray(table.proposalId, ids));
  const [proposals, milestones, decisions] = await Promise.all([
    db.select().from(desciChainProposals).where(inEscrow(desciChainProposals)),
    db
      .select()
      .from(desciChainMilestones)
      .where(inEscrow(desciChainMilestones))
      .orderBy(asc(desciChainMilestones.milestoneIndex)),
    db
      .select()
      .from(desciChainDecisions)
      .where(inEscrow(desciChainDecisions))
      .orderBy(asc(desciChainDecisions.reviewerAddress)),
  ]);
  const uris = await readAnchoredUris(db, escrow, milestones);
  for (const row of proposals) {
    const own = milestones.filter((m) => m.proposalId === row.proposalId);
    found.set(
      row.proposalId,
      toProposalState(
        row,
        own.map((milestone) => ({
          ...toMilestoneState(milestone, uris),
          signers: decisions
            .filter((d) => d.proposalId === row.proposalId && d.milestoneIndex === milestone.milestoneIndex)
            .map((d) => getAddress(d.reviewerAddress)),
        })),
        now,
      ),
    );
  }
  return found;
}

function toProposalState(row: DesciChainProposal, milestones: MilestoneState[], now: Date): ProposalState {
  const expired = row.status === 'funding' && now.getTime() > row.deadline.getTime();
  return {
    proposalId: row.proposalId,
    researcher: getAddress(row.researcherAddress),
    deadline: seconds(row.deadline),
    threshold: row.threshold,
    status: expired ? 'unfunded' : row.status,
    currentMilestone: row.currentMilestone,
    goalWei: row.goalWei,
    raisedWei: row.raisedWei,
    releasedWei: row.releasedWei,
    refundedWei: row.refundedWei,
    feeBps: row.feeBps,
    gracePeriod: row.gracePeriodSeconds,
    metadataHash: row.metadataHash as Hex,
    reviewers: row.reviewers.map((reviewer) => getAddress(reviewer)),
    milestones,
  };
}

function toMilestoneState(row: DesciChainMilestone, uris: ReadonlyMap<string, string>) {
  const deliverableHash = (row.deliverableHash?.toLowerCase() as Hex | undefined) ?? null;
  return {
    index: row.milestoneIndex,
    amountWei: row.amountWei,
    dueDate: seconds(row.dueDate),
    status: row.status,
    submittedAt: seconds(row.submittedAt),
    deliverableHash,
    // The registry's anchor is the public record; the escrow anchors with the submitted link unless
    // someone anchored the same document first.
    deliverableUri: (deliverableHash && uris.get(deliverableHash)) ?? row.deliverableUri ?? null,
    decidedAt: row.decidedAt,
    decisionTransactionHash: (row.decisionTransactionHash as Hex | null) ?? null,
  };
}

/** The anchored link of each submitted deliverable, by lowercase hash. */
async function readAnchoredUris(db: Db, escrow: DesciEscrow, milestones: readonly DesciChainMilestone[]) {
  const hashes = [
    ...new Set(milestones.flatMap((m) => (m.deliverableHash ? [m.deliverableHash.toLowerCase()] : []))),
  ];
  if (hashes.length === 0) return new Map<string, string>();
  const anchors = await db
    .select({ hash: desciChainPublications.documentHash, uri: desciChainPublications.uri })
    .from(desciChainPublications)
    .where(
      and(
        eq(desciChainPublications.registryAddress, escrow.registry.toLowerCase()),
        inArray(desciChainPublications.documentHash, hashes),
      ),
    );
  return new Map(anchors.map((anchor) => [anchor.hash, anchor.uri]));
}
