import type { Deployments } from '@far/contracts';
import type { Db } from '@far/db';
import type { PublicClient } from 'viem';
import { createSlashProposer } from './bonds/createSlashProposer.js';
import type { Bus } from './bus/Bus.js';
import type { CoordinatorWallet } from './chain/createCoordinatorWallet.js';
import type { Config } from './config/parseConfig.js';
import { createChainIndexer } from './indexer/createChainIndexer.js';
import { startNetworkMetricsWriter } from './networkMetrics/startNetworkMetricsWriter.js';
import type { NodeGateway } from './nodeGateway/createNodeGateway.js';
import type { Logger } from './observability/createLogger.js';
import type { PriceKeeperMetrics } from './priceKeeper/createPriceKeeperMetrics.js';
import {
  type PriceKeeperConfig,
  startConfiguredPriceKeeper,
} from './priceKeeper/startConfiguredPriceKeeper.js';
import { createSettlementBatcher } from './settlement/createSettlementBatcher.js';
import { publishNodeRatings } from './settlement/publishNodeRatings.js';

/**
 * Starts the background workers: the network metrics writer (given the nodes), and the chain's:
 * the indexer (deposits, withdrawals, stakes, settled batches into the ledger), with the
 * coordinator's key the settlement batcher (which updates the nodes' on-chain ratings once per
 * settlement epoch), and with the price keeper's key and a price source the price keeper. Nothing
 * on chain runs until contracts are deployed.
 *
 * @returns the workers (tests look into them) and `stop()`, batcher first.
 */
export function startChainWorkers(options: {
  config: Pick<Config, 'CHAIN_CONFIRMATIONS' | 'SETTLEMENT_PERIOD_SECONDS'> & Partial<PriceKeeperConfig>;
  db: Db;
  bus: Bus;
  chain: PublicClient;
  deployments: Deployments | undefined;
  walletClient: CoordinatorWallet | undefined;
  logger: Logger;
  /** Where the price keeper reports; without it no price keeper runs. */
  metrics?: PriceKeeperMetrics;
  /** The node gateway whose registry the network metrics writer samples (cluster-wide with Redis). */
  nodes?: Pick<NodeGateway, 'registry' | 'scheduler'> | undefined;
}) {
  const { config, db, chain, deployments, walletClient, logger, nodes } = options;
  // The network metrics series (charts on the GPU and network pages), chain or no chain.
  const stopMetrics = nodes
    ? startNetworkMetricsWriter({
        db,
        registry: nodes.registry,
        queued: () => nodes.scheduler.queued(),
        logger: logger.child({ part: 'network-metrics' }),
      })
    : undefined;
  const indexer = deployments
    ? createChainIndexer({
        db,
        publicClient: chain,
        deployments,
        confirmations: config.CHAIN_CONFIRMATIONS,
        logger: logger.child({ part: 'indexer' }),
        bus: options.bus,
      })
    : undefined;
  const batcher =
    deployments && walletClient
      ? createSettlementBatcher({
          db,
          publicClient: chain,
          walletClient,
          deployments,
          periodMs: config.SETTLEMENT_PERIOD_SECONDS * 1000,
          logger: logger.child({ part: 'settlement' }),
          onEpoch: () =>
            publishNodeRatings(
              db,
              { publicClient: chain, walletClient },
              deployments,
              logger.child({ part: 'ratings' }),
            ),
        })
      : undefined;
  if (deployments && !walletClient)
    logger.warn('COORDINATOR_PRIVATE_KEY unset: settlement batches are not submitted');
  const priceKeeper =
    deployments && options.metrics && isPriceKeeperConfig(config)
      ? startConfiguredPriceKeeper({
          config,
          deployments,
          chain,
          metrics: options.metrics,
          logger: logger.child({ part: 'price-keeper' }),
        })
      : undefined;
  // Where NodeBond is deployed, the coordinator's key also turns failed audits into slash proposals.
  const nodeBond = deployments?.contracts.nodeBond;
  const slashProposer =
    nodeBond && walletClient
      ? createSlashProposer({
          db,
          clients: { publicClient: chain, walletClient, nodeBond },
          logger: logger.child({ part: 'slashes' }),
        })
      : undefined;
  indexer?.start();
  batcher?.start();
  slashProposer?.start();
  return {
    indexer,
    batcher,
    slashProposer,
    priceKeeper,
    async stop() {
      await priceKeeper?.stop();
      await slashProposer?.stop();
      await batcher?.stop();
      await indexer?.stop();
      await stopMetrics?.();
    },
  };
}

/** True when `config` carries the price keeper's settings (a full Config does; tests' partial ones may not). */
function isPriceKeeperConfig(config: Partial<PriceKeeperConfig>): config is PriceKeeperConfig {
  return Boolean(config.PRICE_KEEPER_PRIVATE_KEY && config.CHAIN_RPC_URL && config.CHAIN_ID);
}
