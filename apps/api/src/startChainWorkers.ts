import type { Deployments } from '@far/contracts';
import type { Db } from '@far/db';
import type { PublicClient } from 'viem';
import type { Bus } from './bus/Bus.js';
import type { CoordinatorWallet } from './chain/createCoordinatorWallet.js';
import type { Config } from './config/parseConfig.js';
import { createChainIndexer } from './indexer/createChainIndexer.js';
import type { Logger } from './observability/createLogger.js';
import { createSettlementBatcher } from './settlement/createSettlementBatcher.js';

/**
 * Starts the chain's background workers: the indexer (deposits, withdrawals, stakes, settled
 * batches into the ledger) and, with the coordinator's key, the settlement batcher. Nothing runs
 * until contracts are deployed.
 *
 * @returns both workers (tests look into them) and `stop()`, batcher first.
 */
export function startChainWorkers(options: {
  config: Pick<Config, 'CHAIN_CONFIRMATIONS' | 'SETTLEMENT_PERIOD_SECONDS'>;
  db: Db;
  bus: Bus;
  chain: PublicClient;
  deployments: Deployments | undefined;
  walletClient: CoordinatorWallet | undefined;
  logger: Logger;
}) {
  const { config, db, chain, deployments, walletClient, logger } = options;
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
        })
      : undefined;
  if (deployments && !walletClient)
    logger.warn('COORDINATOR_PRIVATE_KEY unset: settlement batches are not submitted');
  indexer?.start();
  batcher?.start();
  return {
    indexer,
    batcher,
    async stop() {
      await batcher?.stop();
      await indexer?.stop();
    },
  };
}
