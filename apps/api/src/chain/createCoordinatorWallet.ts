import { type Account, type Chain, createWalletClient, http, type Transport, type WalletClient } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { createNonceManager, jsonRpc } from 'viem/nonce';
import type { Config } from '../config/parseConfig.js';

/** The coordinator's (oracle's) wallet: it submits settlement batches and spending authorizations. */
export type CoordinatorWallet = WalletClient<Transport, Chain | undefined, Account>;

/**
 * Builds the coordinator's wallet from `COORDINATOR_PRIVATE_KEY`, or nothing when the key is unset
 * (the API then submits nothing on chain).
 *
 * @example
 * const wallet = createCoordinatorWallet(config);
 */
export function createCoordinatorWallet(
  config: Pick<Config, 'COORDINATOR_PRIVATE_KEY' | 'CHAIN_ID' | 'CHAIN_RPC_URL'>,
): CoordinatorWallet | undefined {
  if (!config.COORDINATOR_PRIVATE_KEY) return undefined;
  return createWalletClient({
    // The settlement batcher and the spending-authorization route send from this wallet at the
    // same time; one nonce manager per server hands each transaction its own nonce.
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
  });
}
