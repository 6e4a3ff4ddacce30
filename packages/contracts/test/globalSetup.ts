import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Compiles the contracts (a no-op when the Hardhat cache is fresh) before the test files run. */
export default async function compileContracts(): Promise<void> {
  process.env.HARDHAT_CONFIG ??= fileURLToPath(new URL('../hardhat.config.cjs', import.meta.url));
  const require = createRequire(import.meta.url);
  const hre = require('hardhat') as {
    run: (task: string, args?: Record<string, unknown>) => Promise<unknown>;
  };
  await hre.run('compile', { quiet: true });
}
