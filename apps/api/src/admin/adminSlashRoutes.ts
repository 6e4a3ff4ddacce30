import { createRoute, z } from '@hono/zod-openapi';
import { jsonBody } from '../http/openapi.js';
import type { AdminRoutesOptions } from './AdminRoutesOptions.js';
import { ADMIN_ROUTE, adminErrorResponses, createAdminRouter } from './adminOpenApi.js';
import { listSlashProposals, SLASH_FILTERS } from './listSlashProposals.js';
import { requireRole } from './requireRole.js';

const wei = z.string().openapi({ description: 'FAR in wei, as a decimal string' });

const SlashSchema = z.object({
  evidenceHash: z.string(),
  nodeId: z.string(),
  ownerAddress: z.string(),
  auditId: z.string().nullable(),
  amountWei: wei,
  refunds: z.array(z.object({ user: z.string(), amountWei: wei })),
  state: z
    .enum(['unsent', 'failed', 'proposed', 'contested', 'executed', 'dismissed'])
    .openapi({ description: "From the coordinator's row, then NodeBond's slashOf" }),
  appealEndsAt: z.iso.datetime().nullable().openapi({ description: "When the owner's appeal window closes" }),
  txHash: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.iso.datetime(),
});

const slashesRoute = createRoute({
  ...ADMIN_ROUTE,
  method: 'get',
  path: '/api/admin/slashes',
  summary: "Slash proposals with NodeBond's state (contested ones await an operator's decision)",
  request: {
    query: z.object({
      status: z
        .enum(SLASH_FILTERS)
        .optional()
        .openapi({ description: 'Only these; pending = not yet sent or within its appeal window' }),
    }),
  },
  responses: {
    200: jsonBody(z.object({ slashes: z.array(SlashSchema) }), 'Newest first'),
    ...adminErrorResponses,
  },
});

/**
 * `GET /api/admin/slashes[?status=]` (operator): the coordinator's slash proposals joined with
 * NodeBond's record of each. Deciding a contested one is the chain action `nodeBond.decideAppeal`
 * (`POST /api/admin/chain-actions`), sent from the operator's wallet.
 *
 * @example
 * app.route('/', adminSlashRoutes(options));
 */
export function adminSlashRoutes(options: AdminRoutesOptions) {
  const app = createAdminRouter();
  app.openapi({ ...slashesRoute, middleware: [requireRole(options.db, 'operator')] }, async (c) => {
    const { status } = c.req.valid('query');
    const listed = await listSlashProposals(options.db, options, status);
    return c.json(
      {
        slashes: listed.map(({ proposal, onChain, state }) => ({
          evidenceHash: proposal.evidenceHash,
          nodeId: proposal.nodeId,
          ownerAddress: proposal.ownerAddress,
          auditId: proposal.auditId,
          amountWei: proposal.amountWei.toString(),
          refunds: proposal.refunds,
          state,
          appealEndsAt: onChain?.appealEndsAt ?? null,
          txHash: proposal.txHash,
          error: proposal.error,
          createdAt: proposal.createdAt.toISOString(),
        })),
      },
      200,
    );
  });
  return app;
}
