import type { Deployments } from '@far/contracts';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { PublicClient } from 'viem';
import type { AppEnv } from '../http/appEnv.js';
import { ErrorSchema, errorResponses, jsonBody } from '../http/openapi.js';
import { readFarUsdPriceForDisplay } from '../price/readFarUsdPriceForDisplay.js';
import { AddressString } from './apiFieldSchemas.js';

const ChainInfoSchema = z
  .object({
    chainId: z.number().int(),
    rpcUrl: z.string(),
    contracts: z.object({
      farToken: AddressString,
      farStaking: AddressString,
      inferencePayment: AddressString,
      priceFeed: AddressString,
    }),
    farUsdPrice: z.string().openapi({ description: 'dollars per FAR', example: '0.1' }),
    farUsdPriceStale: z.boolean(),
    deployBlock: z.number().int(),
  })
  .openapi('ChainInfo');

const chainInfoRoute = createRoute({
  method: 'get',
  path: '/api/chain',
  tags: ['chain'],
  summary: 'Chain id, RPC URL, contract addresses and the FAR/USD price',
  responses: {
    200: jsonBody(ChainInfoSchema, 'Where the contracts are'),
    502: jsonBody(ErrorSchema, 'Chain unreachable'),
    ...errorResponses,
  },
});

/**
 * `GET /api/chain`: where the contracts are, the RPC URL browsers should use and the FAR/USD price.
 *
 * @param options - deployments, chain client and the browser RPC URL.
 * @returns a router to mount at `/`.
 * @example
 * app.route('/', chainInfoRoutes({ deployments, publicClient, rpcUrl: 'http://127.0.0.1:8545' }));
 */
export function chainInfoRoutes(options: {
  deployments: Deployments;
  publicClient: PublicClient;
  rpcUrl: string;
}) {
  const { deployments, publicClient, rpcUrl } = options;
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(chainInfoRoute, async (c) => {
    const { price, stale } = await readFarUsdPriceForDisplay(publicClient, deployments);
    return c.json(
      {
        chainId: deployments.chainId,
        rpcUrl,
        contracts: deployments.contracts,
        farUsdPrice: price,
        farUsdPriceStale: stale,
        deployBlock: deployments.deployBlock,
      },
      200,
    );
  });
  return app;
}
