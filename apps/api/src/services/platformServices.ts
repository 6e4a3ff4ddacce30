import { desciService } from './desci/desciService.js';
import { fartwinService } from './fartwin/fartwinService.js';
import { gamedService } from './gamed/gamedService.js';
import { gamingService } from './gaming/gamingService.js';
import { inferenceService } from './inference/inferenceService.js';
import type { ServiceDefinition } from './ServiceModule.js';

/** Every service running on the platform core, in the order they start. Add a new one here. */
export const platformServices: readonly ServiceDefinition[] = [
  inferenceService,
  fartwinService,
  desciService,
  gamingService,
  gamedService,
];

/**
 * Services announced but not built yet: the revenue report lists them with zero revenue, so the
 * revenue page shows them truthfully as earning nothing. One moves to `platformServices` when it lands.
 */
export const plannedServices: readonly { id: string; name: string }[] = [];
