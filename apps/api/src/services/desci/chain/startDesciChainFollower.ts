import type { PlatformCore } from '../../PlatformCore.js';
import { createDesciChainFollower, type DesciChainFollower } from './createDesciChainFollower.js';

/**
 * Starts following Far DeSci's contracts into the database, when the deployment has them; without
 * them (an older deployments file) there is nothing to follow and it returns undefined.
 *
 * @param core - the platform core (database, chain, bus, deployments, config, logger).
 * @returns the running follower (call `stop()` at shutdown), or undefined.
 * @example
 * const follower = startDesciChainFollower(core);
 * // …at shutdown
 * await follower?.stop();
 */
export function startDesciChainFollower(core: PlatformCore): DesciChainFollower | undefined {
  const { deployments } = core;
  const researchEscrow = deployments?.contracts.researchEscrow;
  const publicationRegistry = deployments?.contracts.publicationRegistry;
  if (!deployments || !researchEscrow || !publicationRegistry) {
    core.logger.info('ResearchEscrow is not deployed: the desci chain follower stays off');
    return undefined;
  }
  const follower = createDesciChainFollower({
    db: core.db,
    publicClient: core.chain,
    bus: core.bus,
    contracts: { researchEscrow, publicationRegistry },
    treasury: deployments.treasury,
    chainId: deployments.chainId,
    deployBlock: deployments.deployBlock,
    confirmations: core.config.CHAIN_CONFIRMATIONS,
    logger: core.logger,
  });
  follower.start();
  return follower;
}
