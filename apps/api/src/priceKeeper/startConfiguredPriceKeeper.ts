import type { Deployments } from '@far/contracts';
import { createWalletClient, http, type PublicClient } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { Config } from '../config/parseConfig.js';
import type { Logger } from '../observability/createLogger.js';
import { createPriceKeeper } from './createPriceKeeper.js';
import type { PriceKeeperMetrics } from './createPriceKeeperMetrics.js';

/** The configuration the price keeper reads (parseConfig's PRICE_KEEPER_* and PRICE_SOURCE_* variables). */
export type PriceKeeperConfig = Pick<
  Config,
  | 'CHAIN_ID'
  | 'CHAIN_RPC_URL'
  | 'PRICE_KEEPER_PRIVATE_KEY'
  | 'PRICE_SOURCE_URL'
  | 'PRICE_SOURCE_FILE'
  | 'PRICE_SOURCE_FIELD'
  | 'PRICE_KEEPER_HEARTBEAT_SECONDS'
  | 'PRICE_KEEPER_DEVIATION_BPS'
  | 'PRICE_KEEPER_POLL_SECONDS'
>;

/**
 * Starts the price keeper in the process that runs the background work (the leading worker, or `all`)
 * when PRICE_KEEPER_PRIVATE_KEY and a source (PRICE_SOURCE_URL or PRICE_SOURCE_FILE) are set;
 * otherwise starts nothing (a network on a Chainlink feed needs no keeper).
 *
 * @returns The started keeper, or undefined.
 */
export function startConfiguredPriceKeeper(options: {
  config: PriceKeeperConfig;
  deployments: Deployments;
  chain: PublicClient;
  metrics: PriceKeeperMetrics;
  logger: Logger;
}) {
  const { config } = options;
  const source = config.PRICE_SOURCE_URL
    ? { url: config.PRICE_SOURCE_URL }
    : config.PRICE_SOURCE_FILE
      ? { file: config.PRICE_SOURCE_FILE }
      : undefined;
  if (!config.PRICE_KEEPER_PRIVATE_KEY || !source) return undefined;
  const walletClient = createWalletClient({
    account: privateKeyToAccount(config.PRICE_KEEPER_PRIVATE_KEY as `0x${string}`),
    chain: {
      id: config.CHAIN_ID,
      name: `chain ${config.CHAIN_ID}`,
      nativeCurrency: { name: 'BNB', symbol: 'BNB', decimals: 18 },
      rpcUrls: { default: { http: [config.CHAIN_RPC_URL] } },
    },
    transport: http(config.CHAIN_RPC_URL),
  });
  const keeper = createPriceKeeper({
    publicClient: options.chain,
    walletClient,
    feed: options.deployments.contracts.priceFeed,
    source,
    field: config.PRICE_SOURCE_FIELD,
    heartbeatSeconds: BigInt(config.PRICE_KEEPER_HEARTBEAT_SECONDS),
    deviationBps: BigInt(config.PRICE_KEEPER_DEVIATION_BPS),
    pollMs: config.PRICE_KEEPER_POLL_SECONDS * 1000,
    metrics: options.metrics,
    logger: options.logger,
  });
  keeper.start();
  return keeper;
}
