import type { ServiceDefinition } from '../ServiceModule.js';
import type { DesciChainFollower } from './chain/createDesciChainFollower.js';
import { startDesciChainFollower } from './chain/startDesciChainFollower.js';
import { summarizeDesciRevenue } from './chain/summarizeDesciRevenue.js';
import { desciEscrowOf } from './DesciEscrow.js';
import { desciRoutes } from './desciRoutes.js';
import { listDesciActivity } from './listDesciActivity.js';

/**
 * Far DeSci as a service module: research proposals funded in ResearchEscrow milestone by milestone,
 * their pages, peer review with EIP-712 approvals collected off chain, comments, live funding, and
 * the follower that mirrors the escrow's events into the database (release fees into the revenue
 * report, funding totals onto `desci:funding`). Without the escrow in the deployments file its routes
 * answer 503 rather than disappearing, and the follower stays off.
 */
export const desciService: ServiceDefinition = {
  id: 'desci',
  name: 'Far DeSci',
  summarizeRevenue: summarizeDesciRevenue,
  listActivity: listDesciActivity,
  create(core) {
    const escrowOf = desciEscrowOf(core.deployments);
    let follower: DesciChainFollower | undefined;
    return {
      routes: ({ requireCaller }) =>
        desciRoutes({ db: core.db, chain: core.chain, bus: core.bus, escrowOf, requireCaller }),
      start() {
        follower = startDesciChainFollower(core);
      },
      async close() {
        await follower?.stop();
      },
    };
  },
};
