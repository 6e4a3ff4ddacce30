import { plannedServices, platformServices } from '../services/platformServices.js';
import type { RevenueService } from './ServiceRevenue.js';

/**
 * The services whose revenue reaches stakers, in the order the revenue page lists them: each
 * running service with its own revenue summary, then the planned ones, which report zero.
 */
export const revenueServices: readonly RevenueService[] = [
  ...platformServices.map(
    (service): RevenueService => ({
      id: service.id,
      name: service.name,
      status: 'live',
      summarize: service.summarizeRevenue,
    }),
  ),
  ...plannedServices.map((service): RevenueService => ({ ...service, status: 'coming-soon' })),
];
