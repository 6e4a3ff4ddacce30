import { z } from '@hono/zod-openapi';

/** A FAR amount in wei on the wire. */
export const WeiSchema = z
  .string()
  .regex(/^\d+$/)
  .openapi({ description: 'FAR in wei, as a decimal string', example: '1000000000000000000' });

/** An EVM address on the wire (checksummed in answers, any case in requests). */
export const AddressSchema = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/)
  .openapi({ example: '0x90F79bf6EB2c4f870365E785982E1f101E93b906' });

/** A 32-byte hash (0x + 64 hex). */
export const Bytes32Schema = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/)
  .openapi({ example: `0x${'ab'.repeat(32)}` });

/** A proposal id in ResearchEscrow, as a decimal string in bodies and answers. */
export const ProposalIdSchema = z
  .string()
  .regex(/^\d{1,30}$/)
  .openapi({ example: '1' });

const proposalIdParam = ProposalIdSchema.openapi({ param: { name: 'proposalId', in: 'path' } });

/** The path of a route under one proposal. */
export const ProposalPathSchema = z.object({ proposalId: proposalIdParam });

/** The path of a route under one milestone of a proposal; `milestoneIndex` arrives as a number. */
export const MilestonePathSchema = z.object({
  proposalId: proposalIdParam,
  milestoneIndex: z
    .string()
    .regex(/^\d{1,2}$/)
    .transform(Number)
    .openapi({ param: { name: 'milestoneIndex', in: 'path', required: true }, example: '0', type: 'string' }),
});

/** A comment on a proposal, attributed to the wallet that wrote it. */
export const CommentSchema = z
  .object({
    id: z.uuid(),
    author: AddressSchema,
    body: z.string(),
    createdAt: z.iso.datetime(),
  })
  .openapi('DesciComment');

/** A written review: its decision and text are public once the milestone is decided, hidden before. */
const ReviewSchema = z
  .object({
    reviewer: AddressSchema,
    decision: z
      .enum(['approve', 'reject'])
      .nullable()
      .openapi({ description: 'null until the milestone is decided' }),
    body: z.string().nullable().openapi({ description: 'null until the milestone is decided' }),
    deliverableHash: Bytes32Schema,
    createdAt: z.iso.datetime(),
  })
  .openapi('DesciReview');

/** A milestone: the chain's terms and status, the page's words, and where its review stands. */
export const MilestoneSchema = z
  .object({
    index: z.number().int(),
    title: z.string(),
    description: z.string(),
    amountWei: WeiSchema,
    dueDate: z.iso.datetime(),
    overdueAt: z.iso.datetime().openapi({
      description: 'Due date plus the grace period: after it, anyone may fail the unreleased milestone',
    }),
    status: z.enum(['pending', 'submitted', 'released', 'rejected', 'overdue']),
    deliverableHash: Bytes32Schema.nullable(),
    deliverableUri: z.string().nullable(),
    submittedAt: z.iso.datetime().nullable(),
    settlement: z
      .object({
        at: z.iso.datetime(),
        transactionHash: Bytes32Schema,
        signers: z.array(AddressSchema).openapi({
          description: 'The reviewers whose signatures the escrow accepted (none for an overdue milestone)',
        }),
      })
      .nullable()
      .openapi({
        description: 'How the milestone was released, rejected or failed overdue on chain; null while open',
      }),
    reviewCount: z.number().int(),
    approvals: z.number().int().nullable().openapi({ description: 'null until the milestone is decided' }),
    rejections: z.number().int().nullable().openapi({ description: 'null until the milestone is decided' }),
    outcome: z.enum(['approved', 'rejected', 'pending']),
    reviews: z.array(ReviewSchema),
  })
  .openapi('DesciMilestone');

/** A proposal as the discovery list shows it. */
export const ProposalSummarySchema = z
  .object({
    proposalId: ProposalIdSchema,
    title: z.string(),
    abstract: z.string(),
    field: z.string(),
    researcher: AddressSchema,
    status: z.enum(['funding', 'funded', 'completed', 'failed', 'unfunded', 'cancelled']),
    goalWei: WeiSchema,
    raisedWei: WeiSchema,
    releasedWei: WeiSchema,
    /** Whole percent of the goal raised, rounded down. */
    fundedPercent: z.number().int().min(0).max(100),
    deadline: z.iso.datetime(),
    milestoneCount: z.number().int(),
    createdAt: z.iso.datetime(),
  })
  .openapi('DesciProposalSummary');
