import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Address, Hex } from 'viem';
import type { AppEnv } from '../../../http/appEnv.js';
import { ErrorSchema, errorResponses, jsonBody, jsonRequestBody } from '../../../http/openapi.js';
import { type RelayTournamentResultDependencies, relayTournamentResult } from './relayTournamentResult.js';

const AddressSchema = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'an EVM address');

const RelayResultBodySchema = z
  .object({
    ranking: z
      .array(AddressSchema)
      .min(1)
      .max(32)
      .openapi({ description: 'Wallets, best first: the paid places only' }),
    signature: z
      .string()
      .regex(/^0x[0-9a-fA-F]{130}$/, 'a 65-byte signature')
      .openapi({ description: "EIP-712 TournamentResult signed by the tournament's game server" }),
  })
  .openapi('RelayTournamentResultBody');

const RelayedResultSchema = z
  .object({
    transactionHash: z.string(),
    disputeEndsAt: z.iso.datetime().openapi({ description: 'Winners may claim from then, unless disputed' }),
  })
  .openapi('RelayedTournamentResult');

const relayResultRoute = createRoute({
  method: 'post',
  path: '/api/gaming/tournaments/{tournamentId}/results',
  tags: ['gaming'],
  summary: "Post another game server's signed ranking to TournamentPool; the API pays the gas",
  description:
    'No API key: the signature is the authority. The API runs the pool’s checks and a simulation before it sends, so a refused result costs nothing. See packages/farcana-sdk/README.md.',
  request: {
    params: z.object({ tournamentId: z.string().regex(/^\d{1,78}$/, 'a tournament id') }),
    body: jsonRequestBody(RelayResultBodySchema),
  },
  responses: {
    201: jsonBody(RelayedResultSchema, 'Posted; the dispute window is open'),
    403: jsonBody(ErrorSchema, "The signer is not the tournament's approved game server"),
    404: jsonBody(ErrorSchema, 'No such tournament'),
    409: jsonBody(ErrorSchema, 'The tournament does not take results now (details.reason)'),
    ...errorResponses,
    401: jsonBody(ErrorSchema, 'Not a valid EIP-712 signature'),
  },
});

/**
 * The results relay for other games: `POST /api/gaming/tournaments/{tournamentId}/results` takes a
 * ranking and its game server's signature and posts it on chain (`relayTournamentResult`).
 *
 * @param deps - chain client, the API's paying wallet, the pool.
 * @returns the route, mounted by the gaming service when a pool and a coordinator key are configured.
 * @example
 * app.route('/', resultRelayRoutes({ chain, wallet, pool }));
 */
export function resultRelayRoutes(deps: RelayTournamentResultDependencies): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(relayResultRoute, async (c) => {
    const { tournamentId } = c.req.valid('param');
    const body = c.req.valid('json');
    const posted = await relayTournamentResult(deps, {
      tournamentId: BigInt(tournamentId),
      ranking: body.ranking as Address[],
      signature: body.signature as Hex,
    });
    return c.json(
      { transactionHash: posted.transactionHash, disputeEndsAt: posted.disputeEndsAt.toISOString() },
      201,
    );
  });
  return app;
}
