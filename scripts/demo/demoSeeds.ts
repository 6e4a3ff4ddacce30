import type { DemoSeed } from './DemoSeed.js';
import { auditDemoSeed } from './seedAuditDemo.js';
import { batchDemoSeed } from './seedBatchDemo.js';
import { desciDemoSeed } from './seedDesciDemo.js';
import { fartwinDemoSeed } from './seedFartwinDemo.js';
import { gamedDemoSeed } from './seedGamedDemo.js';
import { gamingDemoSeed } from './seedGamingDemo.js';

/** Every service's demo data, created in this order by `startLocalNetwork`. Add a service's seed here. */
export const demoSeeds: readonly DemoSeed[] = [
  gamedDemoSeed,
  desciDemoSeed,
  gamingDemoSeed,
  fartwinDemoSeed,
  batchDemoSeed,
  auditDemoSeed,
];
