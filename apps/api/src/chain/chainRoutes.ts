import type { Deployments } from '@far/contracts';
import type { Db } from '@far/db';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { PublicClient } from 'viem';
import { transactionRoutes } from '../account/transactionRoutes.js';
import type { AppEnv } from '../http/appEnv.js';
import { settlementBatchRoutes } from '../settlement/settlementBatchRoutes.js';
import { minSpendingAuthorizationValiditySeconds } from '../spendingAuthorization/minSpendingAuthorizationValiditySeconds.js';
import { spendingAuthorizationRoutes } from '../spendingAuthorization/spendingAuthorizationRoutes.js';
import type { SignedSpendingAuthorization } from '../spendingAuthorization/submitSpendingAuthorization.js';
import { chainInfoRoutes } from './chainInfoRoutes.js';

export type ChainRoutesOptions = {
  db: Db;
  deployments: Deployments;
  publicClient: PublicClient;
  requireCaller: MiddlewareHandler<AppEnv>;
  /** The RPC URL browsers should use; default: the public client's HTTP URL. */
  rpcUrl?: string;
  /** How long a stored authorization must still be valid (see minSpendingAuthorizationValiditySeconds). */
  minAuthorizationValiditySeconds?: bigint;
  /** Puts a signed authorization on chain before it is stored (see submitSpendingAuthorization). */
  submitAuthorization?: (signed: SignedSpendingAuthorization) => Promise<void>;
};

/**
 * The chain-facing API in one router: contract addresses and price (`chainInfoRoutes`), spending
 * authorizations (`spendingAuthorizationRoutes`), the caller's ledger transactions
 * (`transactionRoutes`) and settlement batches (`settlementBatchRoutes`).
 *
 * @param options - database, deployments, chain client, the auth middleware, the browser RPC URL.
 * @returns a router to mount with `app.route('/', chainRoutes(...))`.
 * @example
 * createApp({ ...deps, routes: (app, { requireCaller }) => app.route('/', chainRoutes({ db, deployments, publicClient, requireCaller })) });
 */
export function chainRoutes(options: ChainRoutesOptions) {
  const { db, deployments, publicClient, requireCaller } = options;
  const rpcUrl = options.rpcUrl ?? (publicClient.transport as { url?: string }).url ?? '';
  return new OpenAPIHono<AppEnv>()
    .route('/', chainInfoRoutes({ deployments, publicClient, rpcUrl }))
    .route(
      '/',
      spendingAuthorizationRoutes({
        db,
        deployments,
        publicClient,
        requireCaller,
        minAuthorizationValiditySeconds:
          options.minAuthorizationValiditySeconds ?? minSpendingAuthorizationValiditySeconds(),
        submitAuthorization: options.submitAuthorization,
      }),
    )
    .route('/', transactionRoutes({ db, requireCaller }))
    .route('/', settlementBatchRoutes({ db }));
}
