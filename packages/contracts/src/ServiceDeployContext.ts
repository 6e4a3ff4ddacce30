import type {
  Abi,
  Account,
  Address,
  Chain,
  Hex,
  PublicClient,
  TransactionReceipt,
  Transport,
  WalletClient,
} from 'viem';

/**
 * What `deployContracts` hands a service contract's deploy function (`deployGameLicenses(context)`, …):
 * the clients, the core contracts to wire to, and its deploy/confirm steps (both throw
 * `ContractsError` DEPLOYMENT_FAILED on a revert).
 */
export type ServiceDeployContext = {
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
  publicClient: PublicClient;
  /** Deploys one contract and waits for it. */
  deploy: (
    name: string,
    abi: Abi,
    bytecode: Hex,
    args: readonly unknown[],
  ) => Promise<{ address: Address; blockNumber: bigint }>;
  /** Waits for a transaction and throws when it reverted; `what` names it in the error. */
  confirm: (hash: Hex, what: string) => Promise<TransactionReceipt>;
  farToken: Address;
  /** Register the service contract here with `setRevenueSource(contract, revenueSourceId('<service>'))`. */
  farStaking: Address;
  priceFeed: Address;
  treasury: Address;
  coordinator: Address;
};
