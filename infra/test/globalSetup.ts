import { rmSync } from 'node:fs';
import { createFarApp } from '../src/createFarApp.js';
import { TEST_ASSEMBLY_DIR } from './support/readTemplates.js';

/**
 * Synthesizes the whole app once for every test file (both stages take seconds of CPU). It throws
 * — failing the run — when cdk-nag reports a finding without a justification.
 */
export default function synthesizeOnce() {
  rmSync(TEST_ASSEMBLY_DIR, { recursive: true, force: true });
  createFarApp({ outdir: TEST_ASSEMBLY_DIR, context: { account: '123456789012' } }).synth();
}
