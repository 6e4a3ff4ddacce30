import { createRoute, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import type { Bus } from '../../bus/Bus.js';
import { ErrorSchema, errorResponses } from '../../http/openapi.js';
import { createDesciRouter } from './createDesciRouter.js';
import type { DesciEscrow } from './DesciEscrow.js';
import { DESCI_FUNDING_CHANNEL, DesciFundingUpdateSchema } from './desciFundingChannel.js';
import { ProposalPathSchema } from './desciWire.js';

const liveRoute = createRoute({
  method: 'get',
  path: '/api/desci/proposals/{proposalId}/live',
  tags: ['desci'],
  summary: 'Live funding of a proposal (server-sent events from the desci:funding channel)',
  request: { params: ProposalPathSchema },
  responses: {
    200: {
      description:
        '`funding` events: { proposalId, status, raisedWei, goalWei, releasedWei, refundedWei, cause, at }',
      content: { 'text/event-stream': { schema: z.string() } },
    },
    503: {
      description: 'Not deployed on this network',
      content: { 'application/json': { schema: ErrorSchema } },
    },
    ...errorResponses,
  },
});

/**
 * A proposal page's live funding: a server-sent event stream of the proposal's totals each time the
 * escrow follower announces a change on `desci:funding`. Public, like the page: funding is on chain.
 * The stream carries totals, so a page that reconnects only needs the next message to be right again.
 */
export function liveFundingRoutes(deps: { bus: Bus; escrowOf: () => DesciEscrow }) {
  const app = createDesciRouter();
  app.openapi(liveRoute, (c) => {
    const escrow = deps.escrowOf();
    const proposalId = BigInt(c.req.valid('param').proposalId);
    return streamSSE(c, async (stream) => {
      const closed = new Promise<void>((resolve) => stream.onAbort(resolve));
      const unsubscribe = await deps.bus.subscribe(DESCI_FUNDING_CHANNEL, (message) => {
        const update = DesciFundingUpdateSchema.safeParse(message);
        if (!update.success || update.data.escrowAddress !== escrow.escrowKey) return;
        if (update.data.proposalId !== proposalId) return;
        void stream.writeSSE({ event: 'funding', data: JSON.stringify(message) });
      });
      // A first comment line flushes the headers, so the browser knows it is connected.
      await stream.write(': connected\n\n');
      await closed;
      await unsubscribe();
    }) as never;
  });
  return app;
}
