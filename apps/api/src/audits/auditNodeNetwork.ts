import type { Db } from '@far/db';
import { readModelCatalogue } from '../models/readModelCatalogue.js';
import type { NodeGateway } from '../nodeGateway/createNodeGateway.js';
import type { Logger } from '../observability/createLogger.js';
import { taskCostWei } from '../services/inference/priceTokens.js';
import type { AuditConfig } from './auditRates.js';
import { createNodeAuditor, type NodeAuditor } from './createNodeAuditor.js';

/**
 * The node gateway with proof of serving on: every service's dispatch goes through the auditor
 * (`createNodeAuditor`), which checks the nodes by canaries and spot-check audits and pays each
 * check run from the treasury at the model's catalogue price. Closing the gateway stops the checks.
 *
 * @param gateway - the node gateway.
 * @param options - the database, logger, FAR/USD price and rates (defaults: `DEFAULT_AUDIT_CONFIG`).
 * @returns the gateway to hand to services, and its auditor.
 * @example
 * const { nodes } = auditNodeNetwork(createNodeGateway(…), { db, logger, farUsdPrice });
 */
export function auditNodeNetwork(
  gateway: NodeGateway,
  options: {
    db: Db;
    logger: Logger;
    farUsdPrice: () => Promise<bigint>;
    config?: Partial<AuditConfig>;
    /** 0..1, Math.random by default; the bench passes a seeded one per trial. */
    random?: () => number;
  },
): { nodes: NodeGateway; auditor: NodeAuditor } {
  const { db } = options;
  const auditor = createNodeAuditor({
    db,
    network: gateway,
    logger: options.logger,
    config: options.config,
    random: options.random,
    async runCostWei(model, usage) {
      const spec = (await readModelCatalogue(db)).find(model);
      if (!spec) return 0n;
      return taskCostWei(spec, usage, await options.farUsdPrice());
    },
  });
  const nodes: NodeGateway = {
    ...gateway,
    dispatch: auditor.dispatch,
    async close() {
      auditor.close();
      await gateway.close();
    },
  };
  return { nodes, auditor };
}
