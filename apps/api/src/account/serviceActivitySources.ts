import { platformServices } from '../services/platformServices.js';
import type { ListServiceActivity } from './ServiceActivity.js';

/** The running services' `listActivity` hooks, in platform order: the account history merges them. */
export const serviceActivitySources: readonly ListServiceActivity[] = platformServices.flatMap((service) =>
  service.listActivity ? [service.listActivity] : [],
);
