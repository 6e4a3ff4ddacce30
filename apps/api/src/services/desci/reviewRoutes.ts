import { createRoute, z } from '@hono/zod-openapi';
import { getAddress, type Hex } from 'viem';
import { ErrorSchema, errorResponses, jsonBody, jsonRequestBody } from '../../http/openapi.js';
import { collectDecisionSignatures } from './collectDecisionSignatures.js';
import { createDesciRouter } from './createDesciRouter.js';
import {
  AddressSchema,
  Bytes32Schema,
  MilestonePathSchema,
  ProposalIdSchema,
  WeiSchema,
} from './desciWire.js';
import { listReviewQueue } from './listReviewQueue.js';
import type { DesciRouteDeps } from './proposalRoutes.js';
import { submitMilestoneReview } from './submitMilestoneReview.js';

/** The longest written review, in characters. */
const MAX_REVIEW_LENGTH = 10_000;

const SignatureSchema = z
  .string()
  .regex(/^0x[0-9a-fA-F]{130}$/)
  .openapi({ description: '65-byte EIP-712 signature of MilestoneReview, hex' });

const queueRoute = createRoute({
  method: 'get',
  path: '/api/desci/reviews/queue',
  tags: ['desci'],
  summary: 'Milestones awaiting your review',
  security: [{ bearer: [] }],
  responses: {
    200: jsonBody(
      z.object({
        data: z.array(
          z.object({
            proposalId: ProposalIdSchema,
            title: z.string(),
            field: z.string(),
            milestoneIndex: z.number().int(),
            milestoneTitle: z.string(),
            milestoneDescription: z.string(),
            amountWei: WeiSchema,
            dueDate: z.iso.datetime(),
            submittedAt: z.iso.datetime(),
            deliverableHash: Bytes32Schema,
            deliverableUri: z.string().nullable(),
            threshold: z.number().int(),
            panelSize: z.number().int(),
          }),
        ),
      }),
      'Oldest submission first',
    ),
    503: jsonBody(ErrorSchema, 'Not deployed on this network'),
    ...errorResponses,
  },
});

const submitRoute = createRoute({
  method: 'post',
  path: '/api/desci/proposals/{proposalId}/milestones/{milestoneIndex}/reviews',
  tags: ['desci'],
  summary: 'Approve or reject the deliverable under review, with a written review and your EIP-712 signature',
  security: [{ bearer: [] }],
  request: {
    params: MilestonePathSchema,
    body: jsonRequestBody(
      z.object({
        approved: z.boolean(),
        body: z.string().trim().min(1).max(MAX_REVIEW_LENGTH),
        signature: SignatureSchema,
      }),
    ),
  },
  responses: {
    201: jsonBody(
      z.object({
        reviewer: AddressSchema,
        decision: z.enum(['approve', 'reject']),
        deliverableHash: Bytes32Schema,
        outcome: z.enum(['approved', 'rejected', 'pending']),
        createdAt: z.iso.datetime(),
      }),
      'Your review, attributed to your wallet, and whether the milestone is now decided',
    ),
    403: jsonBody(ErrorSchema, 'Not on the review panel'),
    404: jsonBody(ErrorSchema, 'No such proposal'),
    409: jsonBody(ErrorSchema, 'Not awaiting review, or already reviewed by you'),
    503: jsonBody(ErrorSchema, 'Not deployed on this network'),
    ...errorResponses,
  },
});

const signaturesRoute = createRoute({
  method: 'get',
  path: '/api/desci/proposals/{proposalId}/milestones/{milestoneIndex}/signatures',
  tags: ['desci'],
  summary: 'Once k reviewers agree: their signatures, for releaseMilestone (or rejectMilestone)',
  request: { params: MilestonePathSchema },
  responses: {
    200: jsonBody(
      z.object({
        deliverableHash: Bytes32Schema,
        outcome: z.enum(['approved', 'rejected']),
        call: z.enum(['releaseMilestone', 'rejectMilestone']),
        threshold: z.number().int(),
        signatures: z.array(z.object({ reviewer: AddressSchema, signature: SignatureSchema })),
      }),
      'The signatures to submit in one transaction',
    ),
    404: jsonBody(ErrorSchema, 'No such proposal or milestone'),
    409: jsonBody(ErrorSchema, 'Not decided yet'),
    503: jsonBody(ErrorSchema, 'Not deployed on this network'),
    ...errorResponses,
  },
});

/**
 * Far DeSci's review: a reviewer's queue, submitting a signed decision with its written review, and
 * handing out the k signatures that settle a decided milestone on chain.
 */
export function reviewRoutes(deps: DesciRouteDeps) {
  const { db, chain } = deps;
  const app = createDesciRouter();
  app.use('/api/desci/reviews/queue', deps.requireCaller);
  app.on('POST', '/api/desci/proposals/:proposalId/milestones/:milestoneIndex/reviews', deps.requireCaller);

  app.openapi(queueRoute, async (c) => {
    const data = await listReviewQueue({ db, chain, escrow: deps.escrowOf() }, c.get('caller').walletAddress);
    return c.json({ data }, 200);
  });

  app.openapi(submitRoute, async (c) => {
    const { proposalId, milestoneIndex } = c.req.valid('param');
    const { approved, body, signature } = c.req.valid('json');
    const { review, tally } = await submitMilestoneReview(
      { db, chain, escrow: deps.escrowOf() },
      c.get('caller'),
      {
        proposalId: BigInt(proposalId),
        milestoneIndex,
        approved,
        body,
        signature: signature as Hex,
      },
    );
    return c.json(
      {
        reviewer: getAddress(review.reviewerAddress),
        decision: review.decision,
        deliverableHash: review.deliverableHash,
        outcome: tally.outcome,
        createdAt: review.createdAt.toISOString(),
      },
      201,
    );
  });

  app.openapi(signaturesRoute, async (c) => {
    const { proposalId, milestoneIndex } = c.req.valid('param');
    const collected = await collectDecisionSignatures(
      { db, chain, escrow: deps.escrowOf() },
      BigInt(proposalId),
      milestoneIndex,
    );
    return c.json(collected, 200);
  });

  return app;
}
