import type { Address, Hex } from 'viem';
import { apiClient, bearer } from '../api/apiClient';
import type { components } from '../api/apiSchema.generated';
import { readApiData } from '../api/readApiData';

// Far DeSci's API calls, typed from the API's own OpenAPI document. Wei strings become bigint and
// timestamps Date here, once, so components never parse a wire value.

type Schemas = components['schemas'];

const wei = (value: string) => BigInt(value);
const date = (value: string) => new Date(value);

const toSummary = (proposal: Schemas['DesciProposalSummary']) => ({
  ...proposal,
  proposalId: BigInt(proposal.proposalId),
  researcher: proposal.researcher as Address,
  goalWei: wei(proposal.goalWei),
  raisedWei: wei(proposal.raisedWei),
  releasedWei: wei(proposal.releasedWei),
  deadline: date(proposal.deadline),
  createdAt: date(proposal.createdAt),
});

const toMilestone = (milestone: Schemas['DesciMilestone']) => ({
  ...milestone,
  amountWei: wei(milestone.amountWei),
  dueDate: date(milestone.dueDate),
  overdueAt: date(milestone.overdueAt),
  submittedAt: milestone.submittedAt === null ? null : date(milestone.submittedAt),
  deliverableHash: milestone.deliverableHash as Hex | null,
  settlement:
    milestone.settlement === null
      ? null
      : {
          at: date(milestone.settlement.at),
          transactionHash: milestone.settlement.transactionHash as Hex,
          signers: milestone.settlement.signers as Address[],
        },
});
export type ProposalMilestone = ReturnType<typeof toMilestone>;

const toProposal = (proposal: Schemas['DesciProposal']) => ({
  ...toSummary(proposal),
  metadata: proposal.metadata,
  threshold: proposal.threshold,
  reviewers: proposal.reviewers as Address[],
  refundedWei: wei(proposal.refundedWei),
  feeBps: proposal.feeBps,
  currentMilestone: proposal.currentMilestone,
  milestones: proposal.milestones.map(toMilestone),
  backers: proposal.backers.map((backer) => ({
    backer: backer.backer as Address,
    givenWei: wei(backer.givenWei),
    contributionWei: wei(backer.contributionWei),
    refundableWei: wei(backer.refundableWei),
  })),
  comments: proposal.comments.map((comment) => ({ ...comment, createdAt: date(comment.createdAt) })),
});
export type Proposal = ReturnType<typeof toProposal>;

/** The proposal page document a researcher commits to on chain (its keccak256 is the metadataHash). */
export type ProposalMetadata = Schemas['DesciProposalMetadata'];

/** Far DeSci's contracts on the API's network. */
export function fetchDesciContracts() {
  return readApiData(apiClient.GET('/api/desci/contracts'), (body) => ({
    chainId: body.chainId,
    researchEscrow: body.researchEscrow as Address,
    publicationRegistry: body.publicationRegistry as Address,
  }));
}

/** Proposals to discover, newest first. */
export function listProposals(filter: { q?: string; field?: string; researcher?: Address }) {
  const query = {
    ...(filter.q ? { q: filter.q } : {}),
    ...(filter.field ? { field: filter.field } : {}),
    ...(filter.researcher ? { researcher: filter.researcher } : {}),
  };
  return readApiData(apiClient.GET('/api/desci/proposals', { params: { query } }), (body) =>
    body.data.map(toSummary),
  );
}

/** One proposal in full. */
export function fetchProposal(proposalId: bigint) {
  return readApiData(
    apiClient.GET('/api/desci/proposals/{proposalId}', {
      params: { path: { proposalId: proposalId.toString() } },
    }),
    toProposal,
  );
}

/** Publishes the page of a proposal the signed-in researcher opened on chain. */
export function publishProposalPage(accessToken: string, proposalId: bigint, metadataJson: string) {
  return readApiData(
    apiClient.POST('/api/desci/proposals', {
      body: { proposalId: proposalId.toString(), metadataJson },
      headers: bearer(accessToken),
    }),
    toSummary,
  );
}

/** Comments on a proposal as the signed-in wallet. */
export function postComment(accessToken: string, proposalId: bigint, body: string) {
  return readApiData(
    apiClient.POST('/api/desci/proposals/{proposalId}/comments', {
      params: { path: { proposalId: proposalId.toString() } },
      body: { body },
      headers: bearer(accessToken),
    }),
    (comment) => comment,
  );
}

/** The milestones awaiting the signed-in reviewer's decision. */
export function fetchReviewQueue(accessToken: string) {
  return readApiData(apiClient.GET('/api/desci/reviews/queue', { headers: bearer(accessToken) }), (body) =>
    body.data.map((item) => ({
      ...item,
      proposalId: BigInt(item.proposalId),
      amountWei: wei(item.amountWei),
      dueDate: date(item.dueDate),
      submittedAt: date(item.submittedAt),
      deliverableHash: item.deliverableHash as Hex,
    })),
  );
}
export type ReviewQueueItem = Awaited<ReturnType<typeof fetchReviewQueue>>[number];

/** Submits the signed-in reviewer's signed decision and written review. */
export function submitReview(
  accessToken: string,
  target: { proposalId: bigint; milestoneIndex: number },
  review: { approved: boolean; body: string; signature: Hex },
) {
  return readApiData(
    apiClient.POST('/api/desci/proposals/{proposalId}/milestones/{milestoneIndex}/reviews', {
      params: {
        path: { proposalId: target.proposalId.toString(), milestoneIndex: String(target.milestoneIndex) },
      },
      body: review,
      headers: bearer(accessToken),
    }),
    (answer) => answer,
  );
}

/** Once k reviewers agree: their signatures for `releaseMilestone` (or `rejectMilestone`). */
export function fetchDecisionSignatures(proposalId: bigint, milestoneIndex: number) {
  return readApiData(
    apiClient.GET('/api/desci/proposals/{proposalId}/milestones/{milestoneIndex}/signatures', {
      params: { path: { proposalId: proposalId.toString(), milestoneIndex: String(milestoneIndex) } },
    }),
    (body) => ({ ...body, signatures: body.signatures.map((s) => s.signature as Hex) }),
  );
}
