import type { Address } from 'viem';
import { nodeBondAbi } from './abi/nodeBondAbi.js';
import { nodeBondBytecode } from './bytecode/nodeBondBytecode.js';
import { FAR_ROLES } from './farRoles.js';
import type { ServiceDeployContext } from './ServiceDeployContext.js';
import { DEFAULT_MINIMUM_BONDS } from './vramClasses.js';

/** Settings NodeBond starts with; each can be changed later by its role holders. */
export const nodeBondDefaults = {
  /** An unbonding node owner waits a week: long enough for audits to catch cheating it did before. */
  unbondingPeriod: 7 * 24 * 3600,
  /** An owner has three days to contest a proposed slash. */
  appealWindow: 3 * 24 * 3600,
  minimumBonds: DEFAULT_MINIMUM_BONDS,
} as const;

/**
 * Deploys NodeBond (Far GPU De-Pin's node bonds and slashing) and grants its powers: the coordinator
 * gets ORACLE_ROLE (it proposes slashes from failed audits), the deployer keeps DEFAULT_ADMIN_ROLE
 * and OPERATOR_ROLE (minimums, appeals) until the role set-up hands them on. Executed slashes go to
 * the treasury, less the harmed users' refunds.
 *
 * @param context What `deployContracts` hands a service contract (clients, FAR, treasury, coordinator).
 * @returns The NodeBond address.
 * @throws {ContractsError} DEPLOYMENT_FAILED when the deploy or a role grant reverts.
 * @example
 * const nodeBond = await deployNodeBond(context);
 */
export async function deployNodeBond(context: ServiceDeployContext): Promise<Address> {
  const { walletClient } = context;
  const deployer = walletClient.account.address;
  const { address } = await context.deploy('NodeBond', nodeBondAbi, nodeBondBytecode, [
    context.farToken,
    context.treasury,
    deployer,
    nodeBondDefaults.unbondingPeriod,
    nodeBondDefaults.appealWindow,
    nodeBondDefaults.minimumBonds,
  ]);
  const grants: [`0x${string}`, Address, string][] = [
    [FAR_ROLES.oracle, context.coordinator, 'ORACLE_ROLE'],
    [FAR_ROLES.operator, deployer, 'OPERATOR_ROLE'],
  ];
  for (const [role, account, name] of grants) {
    await context.confirm(
      await walletClient.writeContract({
        address,
        abi: nodeBondAbi,
        functionName: 'grantRole',
        args: [role, account],
        chain: walletClient.chain,
      }),
      `NodeBond.grantRole(${name})`,
    );
  }
  return address;
}
