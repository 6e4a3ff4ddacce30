import {
  type Abi,
  type Account,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
  zeroAddress,
} from 'viem';
import { farStakingAbi } from './abi/farStakingAbi.js';
import { inferencePaymentAbi } from './abi/inferencePaymentAbi.js';
import { priceFeedAbi } from './abi/priceFeedAbi.js';
import { publicationRegistryAbi } from './abi/publicationRegistryAbi.js';
import { timelockAbi } from './abi/timelockAbi.js';
import { timelockBytecode } from './bytecode/timelockBytecode.js';
import type { Deployments } from './deploymentsSchema.js';
import { ContractsError } from './errors/ContractsError.js';
import { FAR_ROLES } from './farRoles.js';

/** Who holds each separated power after the hand-over (the oracle stays with the coordinator). */
export type RoleHolders = {
  /** DEFAULT_ADMIN_ROLE everywhere: grants and revokes roles (a multisig on BNB Smart Chain). */
  admin: Address;
  /** OPERATOR_ROLE: pauses, decides disputes and slashing appeals. */
  operator: Address;
  /** Proposes and executes the timelock's operations (the timelock holds TREASURER_ROLE). */
  treasurer: Address;
  /** PRICE_KEEPER_ROLE on AdminPriceFeed. */
  priceKeeper: Address;
  /** ORACLE_ROLE on InferencePayment and NodeBond: the coordinator, which settles and proposes slashes. */
  oracle: Address;
};

export type HandOverRolesParameters = {
  /** The deployer, who holds every role after `deployContracts`. */
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
  publicClient: PublicClient;
  contracts: Deployments['contracts'];
  holders: RoleHolders;
  /** The timelock's minimum delay in seconds (BNB Smart Chain 48 h, local 60 s). */
  timelockDelay: bigint;
  /** An existing FarTimelock to reuse instead of deploying one. */
  timelock?: Address;
  /**
   * The admin's own wallet, when its key is at hand (the local network): it accepts the ownership of the
   * Ownable2Step contracts (PublicationRegistry, GameLicenses). Without it the admin
   * (a multisig) must call `acceptOwnership` on each of them itself.
   */
  adminWalletClient?: WalletClient<Transport, Chain | undefined, Account>;
};

/** One AccessControl contract's grants: role id → holder. */
type Grants = { name: string; address: Address; abi: Abi; grants: [Hex, Address][] };

/**
 * Separates the deployer's powers (every role, after `deployContracts`) into the platform's roles:
 * deploys a FarTimelock (treasurer proposes and executes, `timelockDelay` seconds) and gives it
 * FARStaking's, ResearchEscrow's and TournamentPool's TREASURER_ROLE, gives OPERATOR_ROLE on FARStaking, InferencePayment,
 * ResearchEscrow, TournamentPool and NodeBond to the operator, PRICE_KEEPER_ROLE on AdminPriceFeed to the price keeper and DEFAULT_ADMIN_ROLE
 * everywhere to the admin, ORACLE_ROLE to the coordinator, then renounces each role the deployer should
 * not keep (the admin role last); the Ownable2Step contracts (PublicationRegistry, GameLicenses) are
 * transferred to the admin. Idempotent: grants already held
 * and roles already renounced are skipped, so a re-run after a failure finishes the job.
 *
 * @param parameters The deployer's clients, the contracts, the holders and the timelock delay.
 * @returns The timelock's address.
 * @throws {ContractsError} DEPLOYMENT_FAILED when a transaction reverts.
 * @example
 * const { timelock } = await handOverRoles({ walletClient, publicClient, contracts, holders, timelockDelay: 60n });
 */
export async function handOverRoles(parameters: HandOverRolesParameters): Promise<{ timelock: Address }> {
  const { walletClient, publicClient, contracts, holders } = parameters;
  const deployer = walletClient.account.address;
  const confirm = async (hash: Hex, what: string) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') {
      throw new ContractsError('DEPLOYMENT_FAILED', `${what} reverted (${hash})`);
    }
    return receipt;
  };

  let timelock = parameters.timelock;
  if (!timelock) {
    const hash = await walletClient.deployContract({
      abi: timelockAbi,
      bytecode: timelockBytecode,
      args: [parameters.timelockDelay, [holders.treasurer], [holders.treasurer], zeroAddress],
      chain: walletClient.chain,
    });
    const receipt = await confirm(hash, 'deploying FarTimelock');
    if (!receipt.contractAddress) {
      throw new ContractsError('DEPLOYMENT_FAILED', `deploying FarTimelock created no contract (${hash})`);
    }
    timelock = receipt.contractAddress;
  }

  const plan = roleGrants(contracts, holders, timelock);
  for (const contract of plan) {
    const hasRole = (role: Hex, account: Address) =>
      publicClient.readContract({
        address: contract.address,
        abi: farStakingAbi,
        functionName: 'hasRole',
        args: [role, account],
      });
    // A Chainlink aggregator given to deployContracts is not ours to administer.
    const administered =
      (await hasRole(FAR_ROLES.admin, deployer).catch(() => false)) ||
      (await hasRole(FAR_ROLES.admin, holders.admin).catch(() => false));
    if (!administered) continue;
    for (const [role, holder] of contract.grants) {
      if (await hasRole(role, holder)) continue;
      await confirm(
        await walletClient.writeContract({
          address: contract.address,
          abi: farStakingAbi,
          functionName: 'grantRole',
          args: [role, holder],
          chain: walletClient.chain,
        }),
        `${contract.name}.grantRole(${role}, ${holder})`,
      );
    }
    // The admin role last: renouncing it first would leave nothing to renounce the others with.
    const renounce = contract.grants
      .map(([role]) => role)
      .sort((a, b) => (a === FAR_ROLES.admin ? 1 : b === FAR_ROLES.admin ? -1 : 0));
    for (const role of renounce) {
      const holder = contract.grants.find(([granted]) => granted === role)?.[1];
      if (holder?.toLowerCase() === deployer.toLowerCase()) continue;
      if (!(await hasRole(role, deployer))) continue;
      await confirm(
        await walletClient.writeContract({
          address: contract.address,
          abi: farStakingAbi,
          functionName: 'renounceRole',
          args: [role, deployer],
          chain: walletClient.chain,
        }),
        `${contract.name}.renounceRole(${role})`,
      );
    }
  }
  await handOverOwnership(parameters, confirm);
  return { timelock };
}

/**
 * Starts the two-step ownership transfer of the Ownable2Step contracts to the admin, and completes it
 * when the admin's wallet is given.
 */
async function handOverOwnership(
  parameters: HandOverRolesParameters,
  confirm: (hash: Hex, what: string) => Promise<unknown>,
) {
  const { walletClient, publicClient, contracts, holders, adminWalletClient } = parameters;
  const deployer = walletClient.account.address.toLowerCase();
  const admin = holders.admin;
  if (admin.toLowerCase() === deployer) return;
  for (const key of ['publicationRegistry', 'gameLicenses'] as const) {
    const address = contracts[key];
    if (!address) continue;
    const read = (functionName: 'owner' | 'pendingOwner') =>
      publicClient.readContract({ address, abi: publicationRegistryAbi, functionName });
    if ((await read('owner')).toLowerCase() === deployer && (await read('pendingOwner')) !== admin) {
      await confirm(
        await walletClient.writeContract({
          address,
          abi: publicationRegistryAbi,
          functionName: 'transferOwnership',
          args: [admin],
          chain: walletClient.chain,
        }),
        `${key}.transferOwnership(${admin})`,
      );
    }
    if (adminWalletClient && (await read('pendingOwner')) === admin) {
      await confirm(
        await adminWalletClient.writeContract({
          address,
          abi: publicationRegistryAbi,
          functionName: 'acceptOwnership',
          chain: adminWalletClient.chain,
        }),
        `${key}.acceptOwnership()`,
      );
    }
  }
}

/** Which roles each AccessControl contract grants to whom (absent service contracts left out). */
function roleGrants(contracts: Deployments['contracts'], holders: RoleHolders, timelock: Address): Grants[] {
  return [
    {
      name: 'FARStaking',
      address: contracts.farStaking,
      abi: farStakingAbi,
      grants: [
        [FAR_ROLES.treasurer, timelock],
        [FAR_ROLES.operator, holders.operator],
        [FAR_ROLES.admin, holders.admin],
      ],
    },
    {
      name: 'InferencePayment',
      address: contracts.inferencePayment,
      abi: inferencePaymentAbi,
      grants: [
        [FAR_ROLES.oracle, holders.oracle],
        [FAR_ROLES.operator, holders.operator],
        [FAR_ROLES.admin, holders.admin],
      ],
    },
    {
      name: 'AdminPriceFeed',
      address: contracts.priceFeed,
      abi: priceFeedAbi,
      grants: [
        [FAR_ROLES.priceKeeper, holders.priceKeeper],
        [FAR_ROLES.admin, holders.admin],
      ],
    },
    ...(contracts.researchEscrow
      ? [
          {
            name: 'ResearchEscrow',
            address: contracts.researchEscrow,
            abi: farStakingAbi,
            grants: [
              // The platform terms (fee terms) are money: the timelock holds them, like FARStaking's.
              [FAR_ROLES.treasurer, timelock],
              [FAR_ROLES.operator, holders.operator],
              [FAR_ROLES.admin, holders.admin],
            ] as [Hex, Address][],
          },
        ]
      : []),
    ...(['tournamentPool', 'nodeBond'] as const).flatMap((key): Grants[] => {
      const address = contracts[key];
      if (!address) return [];
      return [
        {
          name: key,
          address,
          // Every AccessControl contract shares these functions; FARStaking's ABI carries them.
          abi: farStakingAbi,
          grants: [
            ...(key === 'nodeBond' ? ([[FAR_ROLES.oracle, holders.oracle]] as [Hex, Address][]) : []),
            // TournamentPool's fee terms are money: the timelock holds them.
            ...(key === 'tournamentPool' ? ([[FAR_ROLES.treasurer, timelock]] as [Hex, Address][]) : []),
            [FAR_ROLES.operator, holders.operator],
            [FAR_ROLES.admin, holders.admin],
          ],
        },
      ];
    }),
  ];
}
