import { estimateMonthlyCost } from './estimateMonthlyCost.js';
import type { EnvironmentEstimate } from './formatCostReport.js';
import { LOAD_PROFILES, LOADS } from './loadProfiles.js';
import { readBillableResources } from './readBillableResources.js';
import type { PriceTable } from './readPriceTable.js';

type Template = Parameters<typeof readBillableResources>[0];

/**
 * Estimates every environment at every load from its synthesized template.
 *
 * @param templates - the `Staging-Far` and `Production-Far` templates (parsed JSON) by environment.
 * @returns one estimate per environment, staging first.
 */
export function estimateEnvironmentCosts(
  templates: Record<'staging' | 'production', Template>,
  prices: PriceTable,
): EnvironmentEstimate[] {
  return (['staging', 'production'] as const).map((environment) => {
    const resources = readBillableResources(templates[environment]);
    const byLoad = Object.fromEntries(
      LOADS.map((load) => [
        load,
        estimateMonthlyCost(resources, LOAD_PROFILES[environment][load], load, prices),
      ]),
    ) as EnvironmentEstimate['byLoad'];
    return { environment, byLoad };
  });
}
