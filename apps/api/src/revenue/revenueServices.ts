import type { RevenueService } from './ServiceRevenue.js';
import { summarizeInferenceRevenue } from './summarizeInferenceRevenue.js';

/**
 * The services whose revenue reaches stakers, in the order the revenue page lists them. A service
 * that is not live yet is listed with zero revenue, so the page shows it truthfully as earning nothing.
 */
export const revenueServices: readonly RevenueService[] = [
  { id: 'inference', name: 'Far Inference', status: 'live', summarize: summarizeInferenceRevenue },
  { id: 'fartwin', name: 'FarTwin AI', status: 'coming-soon' },
  { id: 'gamed', name: 'Far GameD', status: 'coming-soon' },
  { id: 'desci', name: 'Far DeSci', status: 'coming-soon' },
  { id: 'gaming', name: 'Farcana Game', status: 'coming-soon' },
];
