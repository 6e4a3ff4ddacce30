import type { Deployments } from '@far/contracts';
import type { Db } from '@far/db';
import type { MiddlewareHandler } from 'hono';
import type { PublicClient } from 'viem';
import type { Bus } from '../bus/Bus.js';
import type { CoordinatorWallet } from '../chain/createCoordinatorWallet.js';
import type { Config } from '../config/parseConfig.js';
import type { AppEnv } from '../http/appEnv.js';
import type { NodeGateway } from '../nodeGateway/createNodeGateway.js';
import type { Logger } from '../observability/createLogger.js';
import type { Metrics } from '../observability/createMetrics.js';
import type { SpendingAuthorizationGuard } from '../spendingAuthorization/createSpendingAuthorizationGuard.js';
import type { ChatModelRegistry } from './inference/ChatModelRegistry.js';

/**
 * What the platform core gives every service module (docs/architecture.md, "The service-module
 * pattern"). A service reaches identity, money, the chain and the GPU network only through these,
 * so it never builds a second copy of any of them.
 */
export type PlatformCore = {
  config: Config;
  /** The system of record: the core's tables (users, ledger, …) and the service's own. */
  db: Db;
  /** Pub/sub across replicas (in-process or Redis); realtime relays channels from it. */
  bus: Bus;
  /** Already tagged with the service id. */
  logger: Logger;
  metrics: Metrics;
  chain: PublicClient;
  /**
   * The coordinator's (oracle's) wallet, the one sender from its key in this process: settlement
   * batches, spending authorizations and Farcana's tournament results send through it, one at a
   * time across every process (`createCoordinatorSendLock`), so they never race for a nonce.
   * Absent without `COORDINATOR_PRIVATE_KEY`.
   */
  coordinator: CoordinatorWallet | undefined;
  /** The contracts on this network; absent until they are deployed (chain features are off). */
  deployments: Deployments | undefined;
  /** FAR/USD with 8 decimals, from the chain's price feed. */
  farUsdPrice: () => Promise<bigint>;
  /**
   * Admits a ledger reservation only while the user's on-chain spending authorization covers it,
   * so settlement can collect it; absent without deployed contracts.
   */
  spendingAuthorization: SpendingAuthorizationGuard | undefined;
  /** The GPU network: nodes, their scores, and dispatch of an inference request to one of them. */
  nodes: NodeGateway;
  /**
   * Chat model ids a service serves through `/v1/chat/completions` (FarTwin AI's `twin:<handle>`):
   * a service registers a provider when it is built, Far Inference looks here first.
   */
  chatModels: ChatModelRegistry;
};

/** What a service's routes receive when they are mounted. */
export type ServiceRouteHelpers = {
  /** Authenticates the caller (access JWT or API key) and rate-limits per key. */
  requireCaller: MiddlewareHandler<AppEnv>;
};
