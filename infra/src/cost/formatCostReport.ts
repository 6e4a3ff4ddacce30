import type { CostLine } from './estimateMonthlyCost.js';
import { LOAD_PROFILES, LOADS, type Load } from './loadProfiles.js';
import type { PriceTable } from './readPriceTable.js';

/** Estimates of one environment: its lines and total at each load. */
export type EnvironmentEstimate = {
  environment: 'staging' | 'production';
  byLoad: Record<Load, { lines: CostLine[]; total: number }>;
};

const dollars = (value: number) => `$${Math.round(value).toLocaleString('en-US')}`;

/**
 * The cost report as Markdown: totals per environment and load, each environment's lines, and
 * the load assumptions. docs/costs.md embeds exactly this text.
 *
 * @returns the report.
 */
export function formatCostReport(estimates: EnvironmentEstimate[], prices: PriceTable) {
  const out: string[] = [
    `Monthly cost estimate, ${prices.currency}, ${prices.region} list prices of ${prices.date} (${prices.hoursPerMonth} h/month).`,
    '',
    '| Environment | Low | Medium | High |',
    '| --- | ---: | ---: | ---: |',
    ...estimates.map(
      (e) => `| ${e.environment} | ${LOADS.map((l) => dollars(e.byLoad[l].total)).join(' | ')} |`,
    ),
    `| **both** | ${LOADS.map((l) => `**${dollars(estimates.reduce((sum, e) => sum + e.byLoad[l].total, 0))}**`).join(' | ')} |`,
  ];
  for (const estimate of estimates) {
    out.push(
      '',
      `### ${estimate.environment}`,
      '',
      '| Item | Low | Medium | High |',
      '| --- | ---: | ---: | ---: |',
    );
    for (const { item } of estimate.byLoad.medium.lines) {
      const cells = LOADS.map((l) =>
        dollars(estimate.byLoad[l].lines.find((line) => line.item === item)?.monthly ?? 0),
      );
      out.push(`| ${item} | ${cells.join(' | ')} |`);
    }
    const profiles = LOAD_PROFILES[estimate.environment];
    out.push(
      '',
      `Load assumptions (${estimate.environment}): ` +
        LOADS.map((l) => {
          const p = profiles[l];
          return `${l}: ${p.requestsPerMonth.toLocaleString('en-US')} requests, ${p.cloudfrontGbOut} GB via CloudFront, ${p.apiGbOut} GB from the API, ${p.natGbProcessed} GB through NAT, ${p.logsGb} GB of logs, ${p.storedGb} GB stored, GPU hosts running ${Math.round(p.gpuDutyCycle * 100)} % of the month`;
        }).join('; ') +
        '.',
    );
  }
  return `${out.join('\n')}\n`;
}
