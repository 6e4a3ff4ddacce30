import type { DemoSeedContext } from './DemoSeed.js';
import { demoSeeds } from './demoSeeds.js';

/**
 * Runs every service's demo seed in turn. A failing seed stops the start with its service named:
 * demo data a new user is told to try must not be silently missing.
 */
export async function seedDemoData(context: DemoSeedContext): Promise<void> {
  for (const demo of demoSeeds) {
    context.log(`• demo data: ${demo.service} …`);
    try {
      await demo.seed(context);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`the ${demo.service} demo seed failed: ${reason}`);
    }
  }
}
