import { NO_REVENUE } from '../../revenue/ServiceRevenue.js';
import type { ServiceDefinition } from '../ServiceModule.js';
import { desciEscrowOf } from './DesciEscrow.js';
import { desciRoutes } from './desciRoutes.js';

/**
 * Far DeSci as a service module: research proposals funded in ResearchEscrow milestone by milestone,
 * their pages, peer review with EIP-712 approvals collected off chain, comments, and live funding.
 * Without the escrow in the deployments file its routes answer 503 rather than disappearing.
 */
export const desciService: ServiceDefinition = {
  id: 'desci',
  name: 'Far DeSci',
  // The release fees are mirrored from the escrow's MilestoneReleased events by the chain follower
  // (issue 15, the on-chain half); until that mirror lands the report shows DeSci as earning nothing.
  summarizeRevenue: async () => NO_REVENUE,
  create(core) {
    const escrowOf = desciEscrowOf(core.deployments);
    return {
      routes: ({ requireCaller }) =>
        desciRoutes({ db: core.db, chain: core.chain, bus: core.bus, escrowOf, requireCaller }),
    };
  },
};
