import type { Abi, Account, Address, Chain, Hex, PublicClient, Transport, WalletClient } from 'viem';
import { farStakingAbi } from './abi/farStakingAbi.js';
import { farTokenAbi } from './abi/farTokenAbi.js';
import { inferencePaymentAbi } from './abi/inferencePaymentAbi.js';
import { priceFeedAbi } from './abi/priceFeedAbi.js';
import { farStakingBytecode } from './bytecode/farStakingBytecode.js';
import { farTokenBytecode } from './bytecode/farTokenBytecode.js';
import { inferencePaymentBytecode } from './bytecode/inferencePaymentBytecode.js';
import { priceFeedBytecode } from './bytecode/priceFeedBytecode.js';
import { deployFartwinRevenueRelay } from './deployFartwinRevenueRelay.js';
import { deployGameLicenses } from './deployGameLicenses.js';
import type { Deployments } from './deploymentsSchema.js';
import { deployNodeBond } from './deployNodeBond.js';
import { deployResearchEscrow } from './deployResearchEscrow.js';
import { deployTournamentPool } from './deployTournamentPool.js';
import { ContractsError } from './errors/ContractsError.js';
import { DEFAULT_PRICE_GUARDS, type PriceGuards } from './priceGuards.js';
import { revenueSourceId } from './revenueSourceId.js';
import type { ServiceDeployContext } from './ServiceDeployContext.js';

export type DeployContractsParameters = {
  /** Sends every deployment; becomes admin/owner of all contracts. */
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
  publicClient: PublicClient;
  /** Receives the whole 1e27 supply. Default: the deployer. */
  distribution?: Address;
  /** Receives the treasury share. Default: the deployer. */
  treasury?: Address;
  /** Gets ORACLE_ROLE (the API's settlement account). Default: the deployer (who has it anyway). */
  coordinator?: Address;
  /** Use an existing Chainlink FAR/USD aggregator instead of deploying an AdminPriceFeed. */
  priceFeed?: Address;
  /** AdminPriceFeed's first answer (8 decimals). Default 10_000_000n = $0.10. */
  initialPrice?: bigint;
  /** AdminPriceFeed's on-chain guard rails (see `DEFAULT_PRICE_GUARDS`). */
  priceGuards?: PriceGuards;
  /** FARStaking base APY in basis points. Default 100n (1 %). */
  rewardRateBps?: bigint;
  /** FARStaking revenue streaming period in seconds. Default 7 days. */
  revenueDuration?: bigint;
  /** Staleness bound for getLatestPrice in seconds. Default 1 hour. */
  maxPriceAge?: bigint;
  /** Seconds before an open task may be refunded. Default 1 hour. */
  taskTimeout?: bigint;
};

export type DeployedContracts = {
  farToken: Address;
  farStaking: Address;
  inferencePayment: Address;
  priceFeed: Address;
  /** Block of the first deployment transaction. */
  deployBlock: bigint;
  deployer: Address;
  treasury: Address;
  coordinator: Address;
  /** The service contracts (GameLicenses, ResearchEscrow, …), by their deployments-file key. */
  serviceContracts: ServiceContracts;
};

/** The optional service-contract entries of the deployments file. */
export type ServiceContracts = Omit<
  Deployments['contracts'],
  'farToken' | 'farStaking' | 'inferencePayment' | 'priceFeed'
>;

/**
 * Deploys FARToken, FARStaking, AdminPriceFeed (unless `priceFeed` is given) and InferencePayment, then
 * wires them: InferencePayment notifies FARStaking as the `inference` revenue source, the coordinator
 * gets ORACLE_ROLE.
 * Works against the in-process Hardhat network, a `hardhat node`, or BSC (with a local account).
 *
 * @param parameters Clients and optional settings (see `DeployContractsParameters`).
 * @returns The addresses and the deploy block.
 * @throws {ContractsError} DEPLOYMENT_FAILED when a transaction reverts or creates no contract.
 * @example
 * const deployed = await deployContracts({ walletClient, publicClient })
 */
export async function deployContracts(parameters: DeployContractsParameters): Promise<DeployedContracts> {
  const { walletClient, publicClient } = parameters;
  const deployer = walletClient.account.address;
  const distribution = parameters.distribution ?? deployer;
  const treasury = parameters.treasury ?? deployer;
  const coordinator = parameters.coordinator ?? deployer;

  const confirm = async (hash: Hex, what: string) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success')
      throw new ContractsError('DEPLOYMENT_FAILED', `${what} reverted (${hash})`);
    return receipt;
  };
  const deploy = async (name: string, abi: Abi, bytecode: Hex, args: readonly unknown[]) => {
    const hash = await walletClient.deployContract({ abi, bytecode, args, chain: walletClient.chain });
    const receipt = await confirm(hash, `deploying ${name}`);
    if (!receipt.contractAddress) {
      throw new ContractsError('DEPLOYMENT_FAILED', `deploying ${name} created no contract (${hash})`);
    }
    return { address: receipt.contractAddress, blockNumber: receipt.blockNumber };
  };

  const token = await deploy('FARToken', farTokenAbi, farTokenBytecode, [distribution]);
  const staking = await deploy('FARStaking', farStakingAbi, farStakingBytecode, [
    token.address,
    deployer,
    parameters.rewardRateBps ?? 100n,
    parameters.revenueDuration ?? 7n * 24n * 3600n,
  ]);
  const priceFeed =
    parameters.priceFeed ??
    (
      await deploy('AdminPriceFeed', priceFeedAbi, priceFeedBytecode, [
        deployer,
        parameters.initialPrice ?? 10_000_000n,
        (parameters.priceGuards ?? DEFAULT_PRICE_GUARDS).minAnswer,
        (parameters.priceGuards ?? DEFAULT_PRICE_GUARDS).maxAnswer,
        (parameters.priceGuards ?? DEFAULT_PRICE_GUARDS).maxDeviationBps,
      ])
    ).address;
  const payment = await deploy('InferencePayment', inferencePaymentAbi, inferencePaymentBytecode, [
    token.address,
    staking.address,
    treasury,
    priceFeed,
    deployer,
    parameters.maxPriceAge ?? 3600n,
    parameters.taskTimeout ?? 3600n,
  ]);

  await confirm(
    await walletClient.writeContract({
      address: staking.address,
      abi: farStakingAbi,
      functionName: 'setRevenueSource',
      args: [payment.address, revenueSourceId('inference')],
      chain: walletClient.chain,
    }),
    'FARStaking.setRevenueSource',
  );
  if (coordinator.toLowerCase() !== deployer.toLowerCase()) {
    const oracleRole = await publicClient.readContract({
      address: payment.address,
      abi: inferencePaymentAbi,
      functionName: 'ORACLE_ROLE',
    });
    await confirm(
      await walletClient.writeContract({
        address: payment.address,
        abi: inferencePaymentAbi,
        functionName: 'grantRole',
        args: [oracleRole, coordinator],
        chain: walletClient.chain,
      }),
      'InferencePayment.grantRole(ORACLE_ROLE)',
    );
  }

  const context: ServiceDeployContext = {
    walletClient,
    publicClient,
    deploy,
    confirm,
    farToken: token.address,
    farStaking: staking.address,
    priceFeed,
    treasury,
    coordinator,
  };
  const serviceContracts: ServiceContracts = {
    // One line per service contract: `gameLicenses: await deployGameLicenses(context),`, its
    // deploy function in `deploy<Contract>.ts` beside this file (deploy, then setRevenueSource).
    ...(await deployResearchEscrow(context)),
    tournamentPool: await deployTournamentPool(context),
    gameLicenses: await deployGameLicenses(context),
    ...(await deployFartwinRevenueRelay(context, payment.address)),
    nodeBond: await deployNodeBond(context),
  };

  return {
    serviceContracts,
    farToken: token.address,
    farStaking: staking.address,
    inferencePayment: payment.address,
    priceFeed,
    deployBlock: token.blockNumber,
    deployer,
    treasury,
    coordinator,
  };
}
