import type { Address } from 'viem';
import { farStakingAbi } from './abi/farStakingAbi.js';
import { gameLicensesAbi } from './abi/gameLicensesAbi.js';
import { gameLicensesBytecode } from './bytecode/gameLicensesBytecode.js';
import { revenueSourceId } from './revenueSourceId.js';
import type { ServiceDeployContext } from './ServiceDeployContext.js';

/**
 * Deploys GameLicenses (Far GameD's licences, builds and marketplace) and registers it with FARStaking
 * as the `gamed` revenue source, so the stakers' share of every sale reaches stakers. The deployer owns
 * it (platform fee, refund window, treasury); the treasury receives the fee less the stakers' share.
 *
 * @param context What `deployContracts` hands a service contract (clients, FAR, FARStaking, treasury).
 * @returns The GameLicenses address.
 * @throws {ContractsError} DEPLOYMENT_FAILED when the deploy or the registration reverts.
 * @example
 * const gameLicenses = await deployGameLicenses(context);
 */
export async function deployGameLicenses(context: ServiceDeployContext): Promise<Address> {
  const { walletClient } = context;
  const { address } = await context.deploy('GameLicenses', gameLicensesAbi, gameLicensesBytecode, [
    context.farToken,
    context.farStaking,
    context.treasury,
    walletClient.account.address,
  ]);
  await context.confirm(
    await walletClient.writeContract({
      address: context.farStaking,
      abi: farStakingAbi,
      functionName: 'setRevenueSource',
      args: [address, revenueSourceId('gamed')],
      chain: walletClient.chain,
    }),
    'FARStaking.setRevenueSource(GameLicenses)',
  );
  return address;
}
