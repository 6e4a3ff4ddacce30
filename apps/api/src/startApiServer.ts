import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Deployments, readDeployments } from '@far/contracts';
import { createDb, type DbHandle } from '@far/db';
import { serve } from '@hono/node-server';
import { Redis } from 'ioredis';
import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { createNonceManager, jsonRpc } from 'viem/nonce';
import { accountRoutes } from './account/accountRoutes.js';
import { createApp } from './app.js';
import { createDbNonceStore, createRedisNonceStore } from './auth/nonceStore.js';
import { createMemoryRateLimiter, createRedisRateLimiter } from './auth/rateLimiter.js';
import { createBus } from './bus/createBus.js';
import { chainRoutes } from './chain/chainRoutes.js';
import { loadJwtSecret } from './config/loadJwtSecret.js';
import type { Config } from './config/parseConfig.js';
import { BaseError } from './errors/BaseError.js';
import type { ReadinessCheck } from './http/healthRoutes.js';
import { createChainIndexer } from './indexer/createChainIndexer.js';
import { networkRoutes } from './network/networkRoutes.js';
import { createNodeCluster } from './nodeCluster/createNodeCluster.js';
import { createNodeGateway } from './nodeGateway/createNodeGateway.js';
import { createLogger } from './observability/createLogger.js';
import { createMetrics } from './observability/createMetrics.js';
import { getFarUsdPrice } from './price/getFarUsdPrice.js';
import { attachRealtime } from './realtime/attachRealtime.js';
import { readStakingPool } from './revenue/readStakingPool.js';
import { revenueRoutes } from './revenue/revenueRoutes.js';
import { revenueServices } from './revenue/revenueServices.js';
import { createServices } from './services/createServices.js';
import { platformServices } from './services/platformServices.js';
import { createSettlementBatcher } from './settlement/createSettlementBatcher.js';
import { createSpendingAuthorizationGuard } from './spendingAuthorization/createSpendingAuthorizationGuard.js';
import { minSpendingAuthorizationValiditySeconds } from './spendingAuthorization/minSpendingAuthorizationValiditySeconds.js';
import {
  type SignedSpendingAuthorization,
  submitSpendingAuthorization,
} from './spendingAuthorization/submitSpendingAuthorization.js';

/** Parts a test supplies itself: an isolated database, an in-process chain. */
export type StartApiServerOverrides = {
  database?: Pick<DbHandle, 'db' | 'kind' | 'migrate' | 'close' | 'ping'>;
  publicClient?: PublicClient;
  /** The oracle's wallet; by default built from COORDINATOR_PRIVATE_KEY. */
  walletClient?: WalletClient<Transport, Chain | undefined, Account>;
};

/**
 * The composition root: opens the database (PGlite or Postgres), Redis and the bus, the chain
 * client and its indexer, the node gateway, builds the app and listens. Used by `main.ts` and by
 * integration tests.
 *
 * @returns the listening URL, the parts tests look into, and `close()`, which stops everything in order.
 */
export async function startApiServer(config: Config, overrides: StartApiServerOverrides = {}) {
  const logger = createLogger(config.LOG_LEVEL);
  const metrics = createMetrics();
  const database =
    overrides.database ??
    (await createDb(
      config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: `${config.DATA_DIR}/pglite` },
    ));
  await database.migrate();
  const db = database.db;
  const redis = config.REDIS_URL ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2 }) : undefined;
  const bus = await createBus(config.REDIS_URL);
  const chain =
    overrides.publicClient ??
    createPublicClient({ transport: http(config.CHAIN_RPC_URL, { timeout: 5_000, retryCount: 1 }) });

  // The deployments file may appear after the API starts (npm start deploys first, a testnet
  // operator may deploy later): read it when needed, remember it once found.
  let deployments: Deployments | undefined;
  const loadDeployments = async () => {
    deployments ??= await readDeployments(config.DEPLOYMENTS_FILE);
    return deployments;
  };
  const farUsdPrice = async () => {
    const found = await loadDeployments().catch((error: unknown) => {
      throw new BaseError('service_unavailable', 'Contracts are not deployed on this network yet', {
        cause: error,
      });
    });
    return getFarUsdPrice(chain, found);
  };

  const initialDeployments = await loadDeployments().catch((error: unknown) => {
    logger.warn(
      { err: error, file: config.DEPLOYMENTS_FILE },
      'no deployments yet: chain features are off until restart',
    );
    return undefined;
  });

  const gateway = createNodeGateway({
    db,
    bus,
    logger: logger.child({ part: 'nodes' }),
    publicUrl: config.PUBLIC_URL,
    metrics,
    cluster: redis
      ? createNodeCluster({
          redis,
          bus,
          name: config.CLUSTER_NAME,
          logger: logger.child({ part: 'cluster' }),
        })
      : undefined,
  });
  await gateway.ready;

  const jwtSecret = loadJwtSecret(config);
  const readiness: Record<string, ReadinessCheck> = {
    database: () => database.ping(),
    chain: async () => {
      const id = await chain.getChainId();
      if (id !== config.CHAIN_ID) throw new Error(`chain id ${id}, expected ${config.CHAIN_ID}`);
    },
  };
  if (redis) readiness.redis = () => redis.ping();

  const walletClient =
    overrides.walletClient ??
    (config.COORDINATOR_PRIVATE_KEY
      ? createWalletClient({
          // The settlement batcher and the spending-authorization route send from this wallet at
          // the same time; one nonce manager per server hands each transaction its own nonce.
          account: privateKeyToAccount(config.COORDINATOR_PRIVATE_KEY as `0x${string}`, {
            nonceManager: createNonceManager({ source: jsonRpc() }),
          }),
          chain: {
            id: config.CHAIN_ID,
            name: `chain ${config.CHAIN_ID}`,
            nativeCurrency: { name: 'BNB', symbol: 'BNB', decimals: 18 },
            rpcUrls: { default: { http: [config.CHAIN_RPC_URL] } },
          },
          transport: http(config.CHAIN_RPC_URL),
        })
      : undefined);
  // Charges are admitted only against an authorization that outlives a few settlement periods.
  const minAuthorizationValiditySeconds = minSpendingAuthorizationValiditySeconds({
    periodSeconds: config.SETTLEMENT_PERIOD_SECONDS,
  });
  const services = await createServices(platformServices, {
    config,
    db,
    bus,
    logger,
    metrics,
    chain,
    deployments: initialDeployments,
    farUsdPrice,
    spendingAuthorization: initialDeployments
      ? createSpendingAuthorizationGuard({
          db,
          publicClient: chain,
          deployments: initialDeployments,
          minValiditySeconds: minAuthorizationValiditySeconds,
        })
      : undefined,
    nodes: gateway,
  });
  const app = createApp({
    config,
    db,
    logger,
    metrics,
    nonces: redis ? createRedisNonceStore(redis) : createDbNonceStore(db),
    rateLimiter: redis ? createRedisRateLimiter(redis) : createMemoryRateLimiter(),
    jwtSecret,
    readiness,
    routes: (root, { requireCaller }) => {
      services.mountRoutes(root, { requireCaller });
      root.route('/', networkRoutes({ db, registry: gateway.registry, farUsdPrice, requireCaller }));
      root.route('/', accountRoutes({ db, registry: gateway.registry, requireCaller }));
      root.route(
        '/',
        revenueRoutes({
          db,
          logger: logger.child({ part: 'revenue' }),
          stakingPool: initialDeployments
            ? () =>
                readStakingPool(
                  chain,
                  initialDeployments.contracts.farStaking,
                  revenueServices.map((service) => service.id),
                )
            : undefined,
        }),
      );
      if (initialDeployments) {
        root.route(
          '/',
          chainRoutes({
            db,
            deployments: initialDeployments,
            publicClient: chain,
            requireCaller,
            rpcUrl: config.PUBLIC_CHAIN_RPC_URL ?? config.CHAIN_RPC_URL,
            minAuthorizationValiditySeconds,
            ...(walletClient
              ? {
                  submitAuthorization: (signed: SignedSpendingAuthorization) =>
                    submitSpendingAuthorization(
                      { publicClient: chain, walletClient },
                      initialDeployments,
                      signed,
                    ),
                }
              : {}),
          }),
        );
      }
    },
  });

  const server = serve({ fetch: app.fetch, hostname: config.HOST, port: config.PORT }) as Server;
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const realtime = await attachRealtime({
    server,
    bus,
    db,
    jwtSecret,
    webOrigin: config.WEB_ORIGIN,
    redisUrl: config.REDIS_URL,
    logger: logger.child({ part: 'realtime' }),
  });
  // Nodes join on /v1/nodes/connect; socket.io and /ws/inference/{taskId} upgrade themselves;
  // any other upgrade is refused rather than left hanging.
  server.on('upgrade', (req, socket, head) => {
    if (gateway.handleUpgrade(req, socket, head) || realtime.ownsUpgrade(req)) return;
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });

  const indexer = initialDeployments
    ? createChainIndexer({
        db,
        publicClient: chain,
        deployments: initialDeployments,
        confirmations: config.CHAIN_CONFIRMATIONS,
        logger: logger.child({ part: 'indexer' }),
        bus,
      })
    : undefined;
  indexer?.start();

  const batcher =
    initialDeployments && walletClient
      ? createSettlementBatcher({
          db,
          publicClient: chain,
          walletClient,
          deployments: initialDeployments,
          periodMs: config.SETTLEMENT_PERIOD_SECONDS * 1000,
          logger: logger.child({ part: 'settlement' }),
        })
      : undefined;
  if (initialDeployments && !walletClient)
    logger.warn('COORDINATOR_PRIVATE_KEY unset: settlement batches are not submitted');
  batcher?.start();

  await services.start();

  const { port } = server.address() as AddressInfo;
  const url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;
  logger.info({ url, database: database.kind, redis: Boolean(redis) }, 'far-api listening');

  return {
    url,
    app,
    db,
    gateway,
    logger,
    indexer,
    batcher,
    async close() {
      await services.close();
      await batcher?.stop();
      await indexer?.stop();
      await realtime.close();
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await bus.close();
      redis?.disconnect();
      await database.close();
    },
  };
}
