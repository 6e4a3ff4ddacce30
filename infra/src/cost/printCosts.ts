/**
 * `npm run infra:cost`: synthesizes the stacks (offline, as `npm run infra:synth` does), reads the
 * environment templates and the committed price table, and prints the monthly cost of staging and
 * production at low, medium and high load with its assumptions, as the Markdown docs/costs.md holds.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFarApp } from '../createFarApp.js';
import { listStackTemplates } from '../listStackTemplates.js';
import { estimateEnvironmentCosts } from './estimateEnvironmentCosts.js';
import { formatCostReport } from './formatCostReport.js';
import { readPriceTable } from './readPriceTable.js';

const outdir = mkdtempSync(join(tmpdir(), 'far-cost-'));
try {
  const stacks = listStackTemplates(createFarApp({ outdir }).synth());
  const template = (name: string) => {
    const stack = stacks.find((s) => s.stackName === name);
    if (!stack) throw new Error(`no ${name} stack in the synthesized app`);
    return JSON.parse(readFileSync(stack.templateFullPath, 'utf8'));
  };
  const prices = readPriceTable();
  const estimates = estimateEnvironmentCosts(
    { staging: template('Staging-Far'), production: template('Production-Far') },
    prices,
  );
  process.stdout.write(formatCostReport(estimates, prices));
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
