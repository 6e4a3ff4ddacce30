import { type Db, desciComments } from '@far/db';
import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { getAddress } from 'viem';
import type { AppEnv } from '../../http/appEnv.js';
import { ErrorSchema, errorResponses, jsonBody, jsonRequestBody } from '../../http/openapi.js';
import { createDesciRouter } from './createDesciRouter.js';
import type { DesciEscrow } from './DesciEscrow.js';
import { CommentSchema, ProposalPathSchema } from './desciWire.js';
import { findProposalPage } from './findProposalPage.js';

/** The longest comment, in characters: a discussion, not a paper. */
const MAX_COMMENT_LENGTH = 2_000;

const postCommentRoute = createRoute({
  method: 'post',
  path: '/api/desci/proposals/{proposalId}/comments',
  tags: ['desci'],
  summary: 'Comment on a proposal as the signed-in wallet',
  security: [{ bearer: [] }],
  request: {
    params: ProposalPathSchema,
    body: jsonRequestBody(z.object({ body: z.string().trim().min(1).max(MAX_COMMENT_LENGTH) })),
  },
  responses: {
    201: jsonBody(CommentSchema, 'The comment, attributed to your wallet'),
    404: jsonBody(ErrorSchema, 'No such proposal'),
    ...errorResponses,
  },
});

/**
 * Comments on Far DeSci proposals: anyone signed in (a backer, a reviewer, the public) may comment;
 * each comment names the wallet that wrote it. Reading them is part of the proposal page.
 */
export function commentRoutes(options: {
  db: Db;
  escrowOf: () => DesciEscrow;
  requireCaller: MiddlewareHandler<AppEnv>;
}) {
  const { db } = options;
  const app = createDesciRouter();
  app.use('/api/desci/proposals/:proposalId/comments', options.requireCaller);

  app.openapi(postCommentRoute, async (c) => {
    const caller = c.get('caller');
    const escrowAddress = options.escrowOf().escrowKey;
    const proposalId = BigInt(c.req.valid('param').proposalId);
    await findProposalPage(db, escrowAddress, proposalId);
    const [comment] = await db
      .insert(desciComments)
      .values({
        escrowAddress,
        proposalId,
        authorUserId: caller.userId,
        authorAddress: caller.walletAddress.toLowerCase(),
        body: c.req.valid('json').body,
      })
      .returning();
    if (!comment) throw new Error('comment insert returned no row');
    return c.json(
      {
        id: comment.id,
        author: getAddress(comment.authorAddress),
        body: comment.body,
        createdAt: comment.createdAt.toISOString(),
      },
      201,
    );
  });
  return app;
}
