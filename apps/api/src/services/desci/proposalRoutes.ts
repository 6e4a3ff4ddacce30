import { type Db, desciComments, desciProposalPages, desciReviews } from '@far/db';
import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, desc, eq, ilike, or } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { getAddress, type PublicClient } from 'viem';
import type { AppEnv } from '../../http/appEnv.js';
import { ErrorSchema, errorResponses, jsonBody, jsonRequestBody } from '../../http/openapi.js';
import { createDesciRouter } from './createDesciRouter.js';
import type { DesciEscrow } from './DesciEscrow.js';
import {
  AddressSchema,
  Bytes32Schema,
  CommentSchema,
  MilestoneSchema,
  ProposalIdSchema,
  ProposalPathSchema,
  ProposalSummarySchema,
  WeiSchema,
} from './desciWire.js';
import { describeMilestones } from './describeMilestones.js';
import { findProposalPage } from './findProposalPage.js';
import { listProposalBackers } from './listProposalBackers.js';
import { MAX_METADATA_JSON_LENGTH, ProposalMetadataSchema } from './proposalMetadata.js';
import { publishProposalPage } from './publishProposalPage.js';
import { readProposalState, readProposalStates } from './readProposalStates.js';
import { toProposalSummary } from './toProposalSummary.js';

const contractsRoute = createRoute({
  method: 'get',
  path: '/api/desci/contracts',
  tags: ['desci'],
  summary: "Far DeSci's contracts on this network: the escrow reviewers sign for, the publication registry",
  responses: {
    200: jsonBody(
      z.object({
        chainId: z.number().int(),
        researchEscrow: AddressSchema,
        publicationRegistry: AddressSchema,
      }),
      'Where they are',
    ),
    503: jsonBody(ErrorSchema, 'Not deployed on this network'),
    ...errorResponses,
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/api/desci/proposals',
  tags: ['desci'],
  summary: 'Discover research proposals: search, field, funding progress, deadline',
  request: {
    query: z.object({
      q: z.string().trim().max(200).optional().openapi({ description: 'Words in the title or abstract' }),
      field: z.string().trim().max(60).optional(),
      researcher: AddressSchema.optional(),
      limit: z.coerce.number().int().min(1).max(100).default(50),
    }),
  },
  responses: {
    200: jsonBody(z.object({ data: z.array(ProposalSummarySchema) }), 'Proposals, newest first'),
    503: jsonBody(ErrorSchema, 'Not deployed on this network'),
    ...errorResponses,
  },
});

const ProposalDetailSchema = ProposalSummarySchema.extend({
  metadata: ProposalMetadataSchema,
  metadataHash: Bytes32Schema,
  threshold: z.number().int(),
  reviewers: z.array(AddressSchema),
  refundedWei: WeiSchema,
  feeBps: z.number().int(),
  currentMilestone: z.number().int(),
  milestones: z.array(MilestoneSchema),
  backers: z.array(
    z.object({
      backer: AddressSchema,
      givenWei: WeiSchema,
      contributionWei: WeiSchema.openapi({
        description: 'Still in escrow for the backer (zero once withdrawn)',
      }),
      refundableWei: WeiSchema.openapi({
        description:
          'What a withdrawal pays now: all of it when unfunded or cancelled, the pro-rata share when failed',
      }),
    }),
  ),
  comments: z.array(CommentSchema),
}).openapi('DesciProposal');

const detailRoute = createRoute({
  method: 'get',
  path: '/api/desci/proposals/{proposalId}',
  tags: ['desci'],
  summary: 'A proposal: abstract, team, budget, milestones with status, backers, reviews, comments',
  request: { params: ProposalPathSchema },
  responses: {
    200: jsonBody(ProposalDetailSchema, 'The proposal'),
    404: jsonBody(ErrorSchema, 'No page for this proposal'),
    503: jsonBody(ErrorSchema, 'Not deployed on this network'),
    ...errorResponses,
  },
});

const createPageRoute = createRoute({
  method: 'post',
  path: '/api/desci/proposals',
  tags: ['desci'],
  summary: 'Publish the page of a proposal you opened on chain (the document must hash to its metadataHash)',
  security: [{ bearer: [] }],
  request: {
    body: jsonRequestBody(
      z.object({
        proposalId: ProposalIdSchema,
        metadataJson: z.string().min(2).max(MAX_METADATA_JSON_LENGTH).openapi({
          description: 'The DesciProposalMetadata document, exactly the text whose keccak256 is on chain',
        }),
      }),
    ),
  },
  responses: {
    201: jsonBody(ProposalSummarySchema, 'The published page'),
    403: jsonBody(ErrorSchema, 'You are not the proposal’s researcher'),
    404: jsonBody(ErrorSchema, 'No such proposal on chain'),
    409: jsonBody(ErrorSchema, 'The page exists already'),
    503: jsonBody(ErrorSchema, 'Not deployed on this network'),
    ...errorResponses,
  },
});

/** What the proposal routes read: the database, the chain and Far DeSci's contracts. */
export type DesciRouteDeps = {
  db: Db;
  chain: PublicClient;
  escrowOf: () => DesciEscrow;
  requireCaller: MiddlewareHandler<AppEnv>;
};

/**
 * Far DeSci's proposals: the contracts, discovery, one proposal in full, and publishing a proposal's
 * page. Money, status, panel, milestones, backers and settlements come from the desci chain mirror the
 * follower keeps (a proposal opened seconds ago and not mirrored yet is read from the escrow); the
 * words come from the page the researcher published. Publishing reads the escrow itself: it must
 * check the researcher and metadata hash of a proposal the follower may not have seen yet.
 */
export function proposalRoutes(deps: DesciRouteDeps) {
  const { db, chain } = deps;
  const app = createDesciRouter();
  app.on('POST', '/api/desci/proposals', deps.requireCaller);

  app.openapi(contractsRoute, (c) => {
    const { chainId, escrow, registry } = deps.escrowOf();
    return c.json({ chainId, researchEscrow: escrow, publicationRegistry: registry }, 200);
  });

  app.openapi(listRoute, async (c) => {
    const escrow = deps.escrowOf();
    const { q, field, researcher, limit } = c.req.valid('query');
    const words = q ? `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%` : undefined;
    const pages = await db
      .select()
      .from(desciProposalPages)
      .where(
        and(
          eq(desciProposalPages.escrowAddress, escrow.escrowKey),
          field ? eq(desciProposalPages.field, field) : undefined,
          researcher ? eq(desciProposalPages.researcherAddress, researcher.toLowerCase()) : undefined,
          words
            ? or(ilike(desciProposalPages.title, words), ilike(desciProposalPages.abstract, words))
            : undefined,
        ),
      )
      .orderBy(desc(desciProposalPages.proposalId))
      .limit(limit);
    const states = await readProposalStates(
      { db, chain, escrow },
      pages.map((page) => page.proposalId),
    );
    const data = pages.flatMap((page) => {
      const state = states.get(page.proposalId);
      return state ? [toProposalSummary(page, state)] : [];
    });
    return c.json({ data }, 200);
  });

  app.openapi(detailRoute, async (c) => {
    const escrow = deps.escrowOf();
    const proposalId = BigInt(c.req.valid('param').proposalId);
    const page = await findProposalPage(db, escrow.escrowKey, proposalId);
    const where = and(
      eq(desciReviews.escrowAddress, escrow.escrowKey),
      eq(desciReviews.proposalId, proposalId),
    );
    const proposal = await readProposalState({ db, chain, escrow }, proposalId);
    const [backers, reviews, comments] = await Promise.all([
      listProposalBackers(db, escrow, proposal),
      db.select().from(desciReviews).where(where),
      db
        .select()
        .from(desciComments)
        .where(
          and(eq(desciComments.escrowAddress, escrow.escrowKey), eq(desciComments.proposalId, proposalId)),
        )
        .orderBy(asc(desciComments.createdAt)),
    ]);
    return c.json(
      {
        ...toProposalSummary(page, proposal),
        metadata: ProposalMetadataSchema.parse(JSON.parse(page.metadataJson)),
        metadataHash: page.metadataHash,
        threshold: proposal.threshold,
        reviewers: proposal.reviewers,
        refundedWei: proposal.refundedWei.toString(),
        feeBps: proposal.feeBps,
        currentMilestone: proposal.currentMilestone,
        milestones: describeMilestones(page, proposal, reviews),
        backers: backers.map((b) => ({
          backer: b.backer,
          givenWei: b.givenWei.toString(),
          contributionWei: b.contributionWei.toString(),
          refundableWei: b.refundableWei.toString(),
        })),
        comments: comments.map((comment) => ({
          id: comment.id,
          author: getAddress(comment.authorAddress),
          body: comment.body,
          createdAt: comment.createdAt.toISOString(),
        })),
      },
      200,
    );
  });

  app.openapi(createPageRoute, async (c) => {
    const escrow = deps.escrowOf();
    const { proposalId, metadataJson } = c.req.valid('json');
    const { page, proposal } = await publishProposalPage(
      { db, chain, escrow },
      { caller: c.get('caller'), proposalId: BigInt(proposalId), metadataJson },
    );
    return c.json(toProposalSummary(page, proposal), 201);
  });

  return app;
}
