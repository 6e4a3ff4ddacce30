import { existsSync } from 'node:fs';
import {
  type Account,
  type Address,
  type Chain,
  createWalletClient,
  custom,
  type PublicClient,
  parseEther,
  type Transport,
  type WalletClient,
} from 'viem';
import { farStakingAbi } from '../src/abi/farStakingAbi.js';
import { farTokenAbi } from '../src/abi/farTokenAbi.js';
import { inferencePaymentAbi } from '../src/abi/inferencePaymentAbi.js';
import { priceFeedAbi } from '../src/abi/priceFeedAbi.js';
import { bytecodeFingerprint } from '../src/bytecodeFingerprint.js';
import { deployContracts } from '../src/deployContracts.js';
import type { Deployments } from '../src/deploymentsSchema.js';
import { devAccount } from '../src/devAccounts.js';
import { FAR_ROLES, type FarRole, LOCAL_ROLE_ACCOUNTS } from '../src/farRoles.js';
import { handOverRoles } from '../src/handOverRoles.js';
import { readDeployments } from '../src/readDeployments.js';
import { writeDeployments } from '../src/writeDeployments.js';

export type EnsureLocalDeploymentParameters = {
  publicClient: PublicClient;
  /** Deploys and owns everything; holds the FAR supply (dev account 0). */
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
  /** Where the deployments JSON lives (e.g. `.far/deployments/31337.json`). */
  path: string;
  /** Gets ORACLE_ROLE. Default: the deployer. */
  coordinator?: Address;
  /** Default: the deployer. */
  treasury?: Address;
  /** Accounts that receive `fundAmount` FAR each on a fresh deployment (dev accounts 0–9). */
  fundAccounts?: readonly Address[];
  fundAmount?: bigint;
  /** FAR/USD with 8 decimals. Default $0.10. */
  price?: bigint;
  /** FAR the treasurer puts in FARStaking's base-APY reserve on a fresh deployment. Default 1,000,000 FAR. */
  stakingReserve?: bigint;
  /** The timelock's delay in seconds (money-moving treasurer actions). Default 60. */
  timelockDelay?: bigint;
  /**
   * The keys holding the separated roles. Default: the dev accounts of `LOCAL_ROLE_ACCOUNTS` (#10 admin,
   * #11 operator, #12 treasurer, #13 price keeper).
   */
  roleAccounts?: Partial<Record<Exclude<FarRole, 'oracle'>, Account>>;
  log?: (line: string) => void;
};

/** A local chain's clock runs on while `npm start` is down; keep the price this fresh on the local feed. */
const LOCAL_MAX_PRICE_AGE = 24n * 3600n;

/**
 * Makes sure the contracts are deployed on a local chain: reuses the deployments file when its contracts
 * still exist on the chain (a persisted chain keeps its state between `npm start`s) and were built from
 * this package's sources, redeploys otherwise (the chain was restarted fresh, or the contracts changed
 * since). On reuse, a stale local price is refreshed so `getLatestPrice` works.
 *
 * @returns The deployments and whether they were reused.
 */
export async function ensureLocalDeployment(
  parameters: EnsureLocalDeploymentParameters,
): Promise<{ deployments: Deployments; reused: boolean }> {
  const { publicClient, walletClient, path } = parameters;
  const log = parameters.log ?? (() => {});
  const price = parameters.price ?? 10_000_000n;
  const chainId = await publicClient.getChainId();

  const existing = existsSync(path) ? await readDeployments(path).catch(() => undefined) : undefined;
  const current = existing?.bytecodeFingerprint === bytecodeFingerprint;
  if (existing && current && existing.chainId === chainId && (await isLive(publicClient, existing))) {
    await refreshPriceIfStale(parameters, existing, price);
    log(`reusing contracts from ${path}`);
    return { deployments: existing, reused: true };
  }

  log(
    !existing
      ? `deploying to chain ${chainId}`
      : current
        ? `contracts in ${path} are not on chain ${chainId}; redeploying`
        : `contracts in ${path} were built from other sources; redeploying`,
  );
  const deployed = await deployContracts({
    walletClient,
    publicClient,
    ...(parameters.coordinator ? { coordinator: parameters.coordinator } : {}),
    ...(parameters.treasury ? { treasury: parameters.treasury } : {}),
    initialPrice: price,
    maxPriceAge: LOCAL_MAX_PRICE_AGE,
  });
  const send = async (request: Parameters<typeof walletClient.writeContract>[0]) =>
    publicClient.waitForTransactionReceipt({ hash: await walletClient.writeContract(request) });

  const deployer = walletClient.account.address;
  const fundAmount = parameters.fundAmount ?? parseEther('100000');
  for (const account of parameters.fundAccounts ?? []) {
    if (account.toLowerCase() === deployer.toLowerCase()) continue;
    await send({
      address: deployed.farToken,
      abi: farTokenAbi,
      functionName: 'transfer',
      args: [account, fundAmount],
      chain: walletClient.chain,
    });
  }
  const roles = roleWallets(parameters);
  await ensureGas(parameters, Object.values(roles));
  const reserve = parameters.stakingReserve ?? parseEther('1000000');
  if (reserve > 0n) {
    // The treasurer funds the reserve (anyone may; the money leaves it only through the timelock).
    const treasurer = roles.treasurer;
    const sendAsTreasurer = async (request: Parameters<typeof treasurer.writeContract>[0]) =>
      publicClient.waitForTransactionReceipt({ hash: await treasurer.writeContract(request) });
    await send({
      address: deployed.farToken,
      abi: farTokenAbi,
      functionName: 'transfer',
      args: [treasurer.account.address, reserve],
      chain: walletClient.chain,
    });
    await sendAsTreasurer({
      address: deployed.farToken,
      abi: farTokenAbi,
      functionName: 'approve',
      args: [deployed.farStaking, reserve],
      chain: treasurer.chain,
    });
    await sendAsTreasurer({
      address: deployed.farStaking,
      abi: farStakingAbi,
      functionName: 'fundReserve',
      args: [reserve],
      chain: treasurer.chain,
    });
  }
  const contracts = {
    farToken: deployed.farToken,
    farStaking: deployed.farStaking,
    inferencePayment: deployed.inferencePayment,
    priceFeed: deployed.priceFeed,
    ...deployed.serviceContracts,
  };
  const { timelock } = await handOverRoles({
    walletClient,
    publicClient,
    contracts,
    holders: {
      admin: roles.admin.account.address,
      operator: roles.operator.account.address,
      treasurer: roles.treasurer.account.address,
      priceKeeper: roles.priceKeeper.account.address,
      oracle: deployed.coordinator,
    },
    timelockDelay: parameters.timelockDelay ?? 60n,
    adminWalletClient: roles.admin,
  });
  log(`roles handed over (timelock ${timelock}, delay ${parameters.timelockDelay ?? 60n} s)`);

  const deployments = await writeDeployments(path, {
    chainId,
    deployBlock: Number(deployed.deployBlock),
    deployedAt: new Date().toISOString(),
    deployer,
    treasury: deployed.treasury,
    coordinator: deployed.coordinator,
    contracts: { ...contracts, timelock },
    bytecodeFingerprint,
  });
  log(`deployed; wrote ${path}`);
  return { deployments, reused: false };
}

/** True when every contract has code and they are wired to each other as deployed. */
async function isLive(publicClient: PublicClient, deployments: Deployments): Promise<boolean> {
  const { contracts } = deployments;
  for (const address of Object.values(contracts)) {
    // A service contract key is optional: a deployment without it has nothing there to check.
    if (address === undefined) continue;
    const code = await publicClient.getCode({ address });
    if (!code || code === '0x') return false;
  }
  try {
    const token = await publicClient.readContract({
      address: contracts.inferencePayment,
      abi: inferencePaymentAbi,
      functionName: 'token',
    });
    return token.toLowerCase() === contracts.farToken.toLowerCase();
  } catch {
    return false;
  }
}

async function refreshPriceIfStale(
  parameters: EnsureLocalDeploymentParameters,
  deployments: Deployments,
  price: bigint,
) {
  const { publicClient } = parameters;
  const feed = deployments.contracts.priceFeed;
  const [, , , updatedAt] = await publicClient.readContract({
    address: feed,
    abi: priceFeedAbi,
    functionName: 'latestRoundData',
  });
  const now = (await publicClient.getBlock()).timestamp;
  if (now - updatedAt < LOCAL_MAX_PRICE_AGE / 2n) return;
  const keeper = roleWallets(parameters).priceKeeper;
  const isKeeper = await publicClient.readContract({
    address: feed,
    abi: priceFeedAbi,
    functionName: 'hasRole',
    args: [FAR_ROLES.priceKeeper, keeper.account.address],
  });
  if (!isKeeper) return;
  try {
    const hash = await keeper.writeContract({
      address: feed,
      abi: priceFeedAbi,
      functionName: 'setPrice',
      args: [price],
      chain: keeper.chain,
    });
    await publicClient.waitForTransactionReceipt({ hash });
    parameters.log?.('refreshed the local FAR/USD price (price keeper key)');
  } catch (error) {
    // Out of the feed's bounds or too far from the last answer: the price keeper process decides.
    parameters.log?.(`could not refresh the local FAR/USD price: ${String(error).split('\n')[0]}`);
  }
}

/** Wallet clients for the separated roles, on the deployer's chain and transport. */
function roleWallets(parameters: EnsureLocalDeploymentParameters) {
  const { walletClient } = parameters;
  const wallet = (role: Exclude<FarRole, 'oracle'>) =>
    createWalletClient({
      account: parameters.roleAccounts?.[role] ?? devAccount(LOCAL_ROLE_ACCOUNTS[role]),
      chain: walletClient.chain,
      transport: custom({ request: walletClient.request }),
    });
  return {
    admin: wallet('admin'),
    operator: wallet('operator'),
    treasurer: wallet('treasurer'),
    priceKeeper: wallet('priceKeeper'),
  };
}

/** Tops up role accounts below 1 ETH from the deployer (`hardhat node` funds 20 accounts already). */
async function ensureGas(
  parameters: EnsureLocalDeploymentParameters,
  wallets: readonly WalletClient<Transport, Chain | undefined, Account>[],
) {
  const { publicClient, walletClient } = parameters;
  for (const { account } of wallets) {
    if ((await publicClient.getBalance({ address: account.address })) >= parseEther('1')) continue;
    const hash = await walletClient.sendTransaction({
      to: account.address,
      value: parseEther('10'),
      chain: walletClient.chain,
    });
    await publicClient.waitForTransactionReceipt({ hash });
  }
}
