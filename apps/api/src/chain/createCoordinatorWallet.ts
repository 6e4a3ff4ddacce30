import { type Account, type Chain, createWalletClient, http, type Transport, type WalletClient } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { sendTransaction } from 'viem/actions';
import type { Config } from '../config/parseConfig.js';
import type { CoordinatorSendLock } from './createCoordinatorSendLock.js';

/** The coordinator's (oracle's) wallet: it submits settlement batches and spending authorizations. */
export type CoordinatorWallet = WalletClient<Transport, Chain | undefined, Account>;

/**
 * Builds the coordinator's wallet from `COORDINATOR_PRIVATE_KEY`, or nothing when the key is unset
 * (the API then submits nothing on chain). Every transaction it sends (`writeContract` goes through
 * `sendTransaction`) runs inside `sendLock`, where its nonce is the chain's pending count: the
 * `api` replicas and the leading `worker` send from this key at the same time, and a nonce manager
 * in each process would hand two of them the same nonce (see `createCoordinatorSendLock`).
 *
 * @param config - the key and the chain.
 * @param sendLock - shared by every sender from this key, in this process and the others.
 * @returns the wallet, or undefined without a key.
 * @example
 * const wallet = createCoordinatorWallet(config, createCoordinatorSendLock(database));
 */
export function createCoordinatorWallet(
  config: Pick<Config, 'COORDINATOR_PRIVATE_KEY' | 'CHAIN_ID' | 'CHAIN_RPC_URL'>,
  sendLock: CoordinatorSendLock,
): CoordinatorWallet | undefined {
  if (!config.COORDINATOR_PRIVATE_KEY) return undefined;
  return createWalletClient({
    account: privateKeyToAccount(config.COORDINATOR_PRIVATE_KEY as `0x${string}`),
    chain: {
      id: config.CHAIN_ID,
      name: `chain ${config.CHAIN_ID}`,
      nativeCurrency: { name: 'BNB', symbol: 'BNB', decimals: 18 },
      rpcUrls: { default: { http: [config.CHAIN_RPC_URL] } },
    },
    transport: http(config.CHAIN_RPC_URL),
  }).extend((client) => ({
    // viem's writeContract looks this override up, so contract calls take the lock too. The cast
    // keeps the action's generic signature, which a plain arrow function cannot restate.
    sendTransaction: ((parameters: never) =>
      sendLock.run(() => sendTransaction(client, parameters))) as typeof client.sendTransaction,
  }));
}
