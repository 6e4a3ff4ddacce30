import type { Deployments } from '@far/contracts';
import type { Address } from 'viem';
import { BaseError } from '../../errors/BaseError.js';

/** Where Far DeSci lives on chain: the escrow and registry of one deployment. */
export type DesciEscrow = {
  chainId: number;
  escrow: Address;
  /** Lowercase, as the off-chain tables key rows by it. */
  escrowKey: string;
  registry: Address;
  /** The deployment's first block: no escrow event is older. */
  fromBlock: bigint;
};

/**
 * Far DeSci's contracts in a deployment, or a function that refuses with 503 when they are not
 * deployed (an older deployments file): the service's routes stay mounted and documented either way.
 *
 * @param deployments - the platform's deployments, absent before contracts are deployed.
 * @returns a getter for the escrow that throws `service_unavailable` without one.
 * @example
 * const escrowOf = desciEscrowOf(core.deployments);
 * const { escrow, chainId } = escrowOf();
 */
export function desciEscrowOf(deployments: Deployments | undefined): () => DesciEscrow {
  const escrow = deployments?.contracts.researchEscrow;
  const registry = deployments?.contracts.publicationRegistry;
  if (!deployments || !escrow || !registry) {
    return () => {
      throw new BaseError('service_unavailable', "Far DeSci's contracts are not deployed on this network");
    };
  }
  const found: DesciEscrow = {
    chainId: deployments.chainId,
    escrow,
    escrowKey: escrow.toLowerCase(),
    registry,
    fromBlock: BigInt(deployments.deployBlock),
  };
  return () => found;
}
