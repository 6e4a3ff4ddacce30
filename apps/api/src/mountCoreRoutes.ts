import type { Deployments } from '@far/contracts';
import type { Db } from '@far/db';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { PublicClient } from 'viem';
import { accountRoutes } from './account/accountRoutes.js';
import { adminRoutes } from './admin/adminRoutes.js';
import type { NonceStore } from './auth/nonceStore.js';
import { bondRoutes } from './bonds/bondRoutes.js';
import { createBondTermsReader } from './bonds/readBondTerms.js';
import { chainRoutes } from './chain/chainRoutes.js';
import type { CoordinatorWallet } from './chain/createCoordinatorWallet.js';
import type { Config } from './config/parseConfig.js';
import type { AppEnv } from './http/appEnv.js';
import { networkRoutes } from './network/networkRoutes.js';
import { networkMetricsRoutes } from './networkMetrics/networkMetricsRoutes.js';
import type { NodeGateway } from './nodeGateway/createNodeGateway.js';
import type { Logger } from './observability/createLogger.js';
import { readStakingPool } from './revenue/readStakingPool.js';
import { revenueRoutes } from './revenue/revenueRoutes.js';
import { revenueServices } from './revenue/revenueServices.js';
import { nodeScoreRoutes } from './scores/nodeScoreRoutes.js';
import {
  type SignedSpendingAuthorization,
  submitSpendingAuthorization,
} from './spendingAuthorization/submitSpendingAuthorization.js';

export type MountCoreRoutesOptions = {
  config: Pick<Config, 'PUBLIC_CHAIN_RPC_URL' | 'CHAIN_RPC_URL' | 'CHAIN_ID' | 'CHAIN_CONFIRMATIONS'>;
  db: Db;
  chain: PublicClient;
  deployments: Deployments | undefined;
  walletClient: CoordinatorWallet | undefined;
  nodes: NodeGateway;
  farUsdPrice: () => Promise<bigint>;
  minAuthorizationValiditySeconds: bigint;
  requireCaller: MiddlewareHandler<AppEnv>;
  logger: Logger;
  /** Single-use nonces for the operator console's fresh signatures. */
  nonces: NonceStore;
  /** Runs a settlement round now, where this process settles (the console's batch retry). */
  settleNow?: (() => Promise<unknown>) | undefined;
};

/**
 * Mounts the platform core's own routes, beside the services' (the core's auth and key routes are
 * mounted by `createApp`): the GPU network, the account, the operator console, revenue, and — once contracts are deployed —
 * the chain (contracts, spending authorization, settlement batches).
 */
export function mountCoreRoutes(root: OpenAPIHono<AppEnv>, options: MountCoreRoutesOptions): void {
  const { db, chain, deployments, walletClient, nodes, farUsdPrice, requireCaller } = options;
  root.route('/', networkRoutes({ db, registry: nodes.registry, farUsdPrice, requireCaller }));
  root.route('/', accountRoutes({ db, registry: nodes.registry, requireCaller }));
  const nodeBond = deployments?.contracts.nodeBond;
  root.route(
    '/',
    bondRoutes({
      db,
      requireCaller,
      readTerms: nodeBond ? createBondTermsReader(chain, nodeBond) : undefined,
    }),
  );
  root.route('/', nodeScoreRoutes({ db, registry: nodes.registry }));
  root.route('/', networkMetricsRoutes({ db }));
  root.route(
    '/',
    adminRoutes({
      db,
      requireCaller,
      nonces: options.nonces,
      chainId: options.config.CHAIN_ID,
      registry: nodes.registry,
      liveSuspender: nodes,
      settleNow: options.settleNow,
      chain,
      deployments,
      indexerConfirmations: options.config.CHAIN_CONFIRMATIONS,
    }),
  );
  root.route(
    '/',
    revenueRoutes({
      db,
      logger: options.logger.child({ part: 'revenue' }),
      stakingPool: deployments
        ? () =>
            readStakingPool(
              chain,
              deployments.contracts.farStaking,
              revenueServices.map((service) => service.id),
            )
        : undefined,
    }),
  );
  if (!deployments) return;
  root.route(
    '/',
    chainRoutes({
      db,
      deployments,
      publicClient: chain,
      requireCaller,
      rpcUrl: options.config.PUBLIC_CHAIN_RPC_URL ?? options.config.CHAIN_RPC_URL,
      minAuthorizationValiditySeconds: options.minAuthorizationValiditySeconds,
      ...(walletClient
        ? {
            submitAuthorization: (signed: SignedSpendingAuthorization) =>
              submitSpendingAuthorization({ publicClient: chain, walletClient }, deployments, signed),
          }
        : {}),
    }),
  );
}
