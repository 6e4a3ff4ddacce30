import type { Address } from 'viem';
import { farStakingAbi } from './abi/farStakingAbi.js';
import { publicationRegistryAbi } from './abi/publicationRegistryAbi.js';
import { researchEscrowAbi } from './abi/researchEscrowAbi.js';
import { publicationRegistryBytecode } from './bytecode/publicationRegistryBytecode.js';
import { researchEscrowBytecode } from './bytecode/researchEscrowBytecode.js';
import { revenueSourceId } from './revenueSourceId.js';
import type { ServiceDeployContext } from './ServiceDeployContext.js';

/** Far DeSci's platform terms at deployment; the owner may change them for later proposals. */
export const researchEscrowDefaults = {
  /** 5 % of each milestone release. */
  feeBps: 500n,
  /** Half of that fee to stakers, the rest to the treasury. */
  stakerShareBps: 5_000n,
  /** A milestone is overdue 14 days after its due date. */
  gracePeriod: 14n * 24n * 3600n,
} as const;

/** The deployments-file keys of Far DeSci's contracts. */
export type ResearchContracts = { publicationRegistry: Address; researchEscrow: Address };

/**
 * Deploys Far DeSci's contracts: the PublicationRegistry, then the ResearchEscrow wired to it (as the
 * registry's recorder, so deliverables are anchored for their researcher) and to FARStaking as the `desci`
 * revenue source (so the stakers' share of each release fee reaches stakers). The deployer owns both.
 *
 * @param context What `deployContracts` hands a service contract (clients, FAR, FARStaking, treasury).
 * @returns Both addresses, by their deployments-file key.
 * @throws {ContractsError} DEPLOYMENT_FAILED when a deploy or a wiring transaction reverts.
 * @example
 * const { researchEscrow, publicationRegistry } = await deployResearchEscrow(context);
 */
export async function deployResearchEscrow(context: ServiceDeployContext): Promise<ResearchContracts> {
  const { walletClient } = context;
  const owner = walletClient.account.address;
  const registry = await context.deploy(
    'PublicationRegistry',
    publicationRegistryAbi,
    publicationRegistryBytecode,
    [owner],
  );
  const escrow = await context.deploy('ResearchEscrow', researchEscrowAbi, researchEscrowBytecode, [
    context.farToken,
    context.farStaking,
    registry.address,
    context.treasury,
    owner,
    researchEscrowDefaults.feeBps,
    researchEscrowDefaults.stakerShareBps,
    researchEscrowDefaults.gracePeriod,
  ]);
  await context.confirm(
    await walletClient.writeContract({
      address: registry.address,
      abi: publicationRegistryAbi,
      functionName: 'setRecorder',
      args: [escrow.address, true],
      chain: walletClient.chain,
    }),
    'PublicationRegistry.setRecorder(ResearchEscrow)',
  );
  await context.confirm(
    await walletClient.writeContract({
      address: context.farStaking,
      abi: farStakingAbi,
      functionName: 'setRevenueSource',
      args: [escrow.address, revenueSourceId('desci')],
      chain: walletClient.chain,
    }),
    'FARStaking.setRevenueSource(ResearchEscrow)',
  );
  return { publicationRegistry: registry.address, researchEscrow: escrow.address };
}
