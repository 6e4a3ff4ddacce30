import { createDb, type DbHandle } from '@far/db';
import { Redis } from 'ioredis';
import { createPublicClient, http, type PublicClient } from 'viem';
import { auditNodeNetwork } from '../audits/auditNodeNetwork.js';
import { flushApiKeyUses } from '../auth/recordApiKeyUse.js';
import { createNodeBondGate } from '../bonds/createNodeBondGate.js';
import { createBus } from '../bus/createBus.js';
import { createCoordinatorSendLock } from '../chain/createCoordinatorSendLock.js';
import { type CoordinatorWallet, createCoordinatorWallet } from '../chain/createCoordinatorWallet.js';
import { databaseOptionsOf } from '../config/databaseOptionsOf.js';
import type { Config } from '../config/parseConfig.js';
import { createNodeCluster } from '../nodeCluster/createNodeCluster.js';
import { createNodeGateway } from '../nodeGateway/createNodeGateway.js';
import { createLogger } from '../observability/createLogger.js';
import { createMetrics } from '../observability/createMetrics.js';
import { createFarUsdPriceReader } from '../price/createFarUsdPriceReader.js';
import { createSpendingAuthorizationGuard } from '../spendingAuthorization/createSpendingAuthorizationGuard.js';
import { minSpendingAuthorizationValiditySeconds } from '../spendingAuthorization/minSpendingAuthorizationValiditySeconds.js';
import { createChatModelRegistry } from './inference/ChatModelRegistry.js';
import type { PlatformCore } from './PlatformCore.js';

/** Parts a test supplies itself: an isolated database, an in-process chain. */
export type PlatformCoreOverrides = {
  database?: Pick<DbHandle, 'db' | 'kind' | 'migrate' | 'close' | 'ping'>;
  publicClient?: PublicClient;
  /** The oracle's wallet; by default built from COORDINATOR_PRIVATE_KEY. */
  walletClient?: CoordinatorWallet;
};

/**
 * Opens what the platform core is made of: the database (PGlite or Postgres, migrated), Redis and
 * the bus, the chain client and the deployed contracts (if any), the coordinator's one wallet, and the
 * GPU network's node gateway.
 *
 * @returns the core the services are built from, the handles the server needs besides, and
 * `close()` for the bus, Redis and the database. The node gateway (`core.nodes`) is closed by the
 * server before it stops listening, since the nodes' sockets keep the listener open.
 */
export async function openPlatformCore(config: Config, overrides: PlatformCoreOverrides = {}) {
  const logger = createLogger(config.LOG_LEVEL);
  const metrics = createMetrics();
  const database = overrides.database ?? (await createDb(databaseOptionsOf(config)));
  // Production schema changes are a deliberate step (`far-api migrate`, a one-off task before a
  // deploy), never a side effect of a replica starting.
  if (config.NODE_ENV !== 'production') await database.migrate();
  const db = database.db;
  const redis = config.REDIS_URL ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2 }) : undefined;
  const bus = await createBus(config.REDIS_URL);
  const chain =
    overrides.publicClient ??
    createPublicClient({ transport: http(config.CHAIN_RPC_URL, { timeout: 5_000, retryCount: 1 }) });
  const { loadDeployments, farUsdPrice } = createFarUsdPriceReader(chain, config.DEPLOYMENTS_FILE);
  const deployments = await loadDeployments().catch((error: unknown) => {
    logger.warn(
      { err: error, file: config.DEPLOYMENTS_FILE },
      'no deployments yet: chain features are off until restart',
    );
    return undefined;
  });
  const nodes = createNodeGateway({
    db,
    bus,
    logger: logger.child({ part: 'nodes' }),
    publicUrl: config.PUBLIC_URL,
    metrics,
    // Bonds are on wherever NodeBond is deployed: a node joins only on its owner's bond.
    bondGate: deployments?.contracts.nodeBond
      ? createNodeBondGate({ publicClient: chain, nodeBond: deployments.contracts.nodeBond })
      : undefined,
    cluster: redis
      ? createNodeCluster({
          redis,
          bus,
          name: config.CLUSTER_NAME,
          logger: logger.child({ part: 'cluster' }),
        })
      : undefined,
  });
  await nodes.ready;
  // Proof of serving: every service's tasks reach the nodes through the auditor (canaries and
  // spot-check audits, apps/api/src/audits/README.md).
  const audited = auditNodeNetwork(nodes, {
    db,
    logger: logger.child({ part: 'audits' }),
    farUsdPrice,
    config: {
      auditRate: config.AUDIT_RATE,
      canaryRate: config.CANARY_RATE,
      probationAuditRate: config.PROBATION_AUDIT_RATE,
      probationCanaryRate: config.PROBATION_CANARY_RATE,
    },
  });
  // Charges are admitted only against an authorization that outlives a few settlement periods.
  const minAuthorizationValiditySeconds = minSpendingAuthorizationValiditySeconds({
    periodSeconds: config.SETTLEMENT_PERIOD_SECONDS,
  });
  const spendingAuthorization = deployments
    ? createSpendingAuthorizationGuard({
        db,
        publicClient: chain,
        deployments,
        minValiditySeconds: minAuthorizationValiditySeconds,
      })
    : undefined;
  const core: PlatformCore = {
    config,
    db,
    bus,
    logger,
    metrics,
    chain,
    coordinator:
      overrides.walletClient ?? createCoordinatorWallet(config, createCoordinatorSendLock(database)),
    deployments,
    farUsdPrice,
    spendingAuthorization,
    nodes: audited.nodes,
    chatModels: createChatModelRegistry(),
  };
  return {
    core,
    database,
    redis,
    minAuthorizationValiditySeconds,
    async close() {
      await bus.close();
      redis?.disconnect();
      // The uses the last second of requests noted for their keys' `last_used_at`.
      await flushApiKeyUses(db).catch(() => {});
      await database.close();
    },
  };
}
