import type { Address } from 'viem';
import { farStakingAbi } from './abi/farStakingAbi.js';
import { tournamentPoolAbi } from './abi/tournamentPoolAbi.js';
import { tournamentPoolBytecode } from './bytecode/tournamentPoolBytecode.js';
import { revenueSourceId } from './revenueSourceId.js';
import type { ServiceDeployContext } from './ServiceDeployContext.js';

/** Platform fee taken from each prize pool: 10 %, in the range esports platforms charge. */
const PLATFORM_FEE_BPS = 1_000;
/** Half of the platform fee streams to stakers, the other half goes to the treasury. */
const STAKERS_SHARE_BPS = 5_000;

/**
 * Deploys TournamentPool (Farcana's prize pools), registers it with FARStaking as the `gaming` revenue
 * source, and approves the coordinator as a game server: the API already holds that key, so it signs the
 * rankings it has verified by replay (locally dev account #0). Other games' servers are approved later with
 * `setGameServer`. The deployer is admin and dispute operator.
 *
 * @param context What `deployContracts` hands a service contract (clients, FAR, FARStaking, treasury).
 * @returns The TournamentPool address.
 * @throws {ContractsError} DEPLOYMENT_FAILED when the deploy or a set-up call reverts.
 * @example
 * const tournamentPool = await deployTournamentPool(context);
 */
export async function deployTournamentPool(context: ServiceDeployContext): Promise<Address> {
  const { walletClient } = context;
  const { address } = await context.deploy('TournamentPool', tournamentPoolAbi, tournamentPoolBytecode, [
    context.farToken,
    context.farStaking,
    context.treasury,
    walletClient.account.address,
    PLATFORM_FEE_BPS,
    STAKERS_SHARE_BPS,
  ]);
  await context.confirm(
    await walletClient.writeContract({
      address: context.farStaking,
      abi: farStakingAbi,
      functionName: 'setRevenueSource',
      args: [address, revenueSourceId('gaming')],
      chain: walletClient.chain,
    }),
    'FARStaking.setRevenueSource(TournamentPool)',
  );
  await context.confirm(
    await walletClient.writeContract({
      address,
      abi: tournamentPoolAbi,
      functionName: 'setGameServer',
      args: [context.coordinator, true],
      chain: walletClient.chain,
    }),
    'TournamentPool.setGameServer(coordinator)',
  );
  return address;
}
