import type { Address } from 'viem';
import { farStakingAbi } from './abi/farStakingAbi.js';
import { inferencePaymentAbi } from './abi/inferencePaymentAbi.js';
import { revenueRelayAbi } from './abi/revenueRelayAbi.js';
import { revenueRelayBytecode } from './bytecode/revenueRelayBytecode.js';
import { revenueSourceId } from './revenueSourceId.js';
import type { ServiceDeployContext } from './ServiceDeployContext.js';

/**
 * Deploys the RevenueRelay that carries the stakers' share of FarTwin creator fees from
 * InferencePayment to FARStaking under the `fartwin` revenue source, registers it there and makes it
 * InferencePayment's `creatorFeeRevenueReceiver`. The deployer must own FARStaking and administer
 * InferencePayment.
 *
 * @param context - the clients and core contracts (see ServiceDeployContext).
 * @param inferencePayment - the InferencePayment that feeds the relay.
 * @returns the deployments-file entry.
 * @throws {ContractsError} DEPLOYMENT_FAILED when a transaction reverts.
 * @example
 * const { fartwinRevenueRelay } = await deployFartwinRevenueRelay(context, payment.address);
 */
export async function deployFartwinRevenueRelay(
  context: ServiceDeployContext,
  inferencePayment: Address,
): Promise<{ fartwinRevenueRelay: Address }> {
  const { walletClient } = context;
  const relay = await context.deploy('RevenueRelay(fartwin)', revenueRelayAbi, revenueRelayBytecode, [
    context.farToken,
    context.farStaking,
    inferencePayment,
  ]);
  await context.confirm(
    await walletClient.writeContract({
      address: context.farStaking,
      abi: farStakingAbi,
      functionName: 'setRevenueSource',
      args: [relay.address, revenueSourceId('fartwin')],
      chain: walletClient.chain,
    }),
    'FARStaking.setRevenueSource(RevenueRelay fartwin)',
  );
  await context.confirm(
    await walletClient.writeContract({
      address: inferencePayment,
      abi: inferencePaymentAbi,
      functionName: 'setCreatorFeeRevenueReceiver',
      args: [relay.address],
      chain: walletClient.chain,
    }),
    'InferencePayment.setCreatorFeeRevenueReceiver',
  );
  return { fartwinRevenueRelay: relay.address };
}
