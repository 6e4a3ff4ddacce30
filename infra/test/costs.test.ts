import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimateEnvironmentCosts } from '../src/cost/estimateEnvironmentCosts.js';
import { formatCostReport } from '../src/cost/formatCostReport.js';
import { LOADS } from '../src/cost/loadProfiles.js';
import { readBillableResources } from '../src/cost/readBillableResources.js';
import { priceOf, readPriceTable } from '../src/cost/readPriceTable.js';
import { FAR_ENVIRONMENTS } from '../src/FarEnvironment.js';
import { readTemplates } from './support/readTemplates.js';

const stacks = readTemplates();
const templates = {
  staging: stacks.get('Staging-Far')?.json ?? expect.unreachable(),
  production: stacks.get('Production-Far')?.json ?? expect.unreachable(),
};
const prices = readPriceTable();
const estimates = estimateEnvironmentCosts(templates, prices);
const line = (environment: 'staging' | 'production', load: 'low' | 'medium' | 'high', item: RegExp) =>
  estimates.find((e) => e.environment === environment)?.byLoad[load].lines.find((l) => item.test(l.item))
    ?.monthly;

describe('the price table', () => {
  it('states its region and date', () => {
    expect(prices.region).toBe('us-east-1');
    expect(prices.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('refuses to price an instance type it does not list', () => {
    expect(() => priceOf(prices.ec2Hour, 'p5.48xlarge', 'EC2')).toThrow(/no EC2 price for p5.48xlarge/);
  });
});

describe('readBillableResources', () => {
  it('reads task sizes and counts from the template: minimum, desired and maximum', () => {
    const { fargateServices } = readBillableResources(templates.production);
    const env = FAR_ENVIRONMENTS.production;
    const api = fargateServices.find((s) => /Roleapi/.test(s.id));
    expect(api).toMatchObject({
      vcpu: env.api.task.cpu / 1024,
      memoryGb: env.api.task.memoryMiB / 1024,
      counts: { low: env.api.scaling.min, medium: env.api.scaling.desired, high: env.api.scaling.max },
    });
    const worker = fargateServices.find((s) => /Roleworker/.test(s.id));
    expect(worker?.counts).toEqual({ low: 2, medium: 2, high: 2 });
  });
});

describe('estimateEnvironmentCosts', () => {
  it('prices the Multi-AZ database as two instances and two copies of its storage', () => {
    const { database } = FAR_ENVIRONMENTS.production;
    const hourly = priceOf(
      prices.rdsHourSingleAz,
      `db.${database.instanceClass}.${database.instanceSize}`,
      'RDS',
    );
    const expected =
      2 * (hourly * prices.hoursPerMonth + database.allocatedStorageGiB * prices.rdsGp3GbMonthSingleAz);
    expect(line('production', 'medium', /^RDS/)).toBeCloseTo(expected, 6);
  });

  it('prices Fargate as tasks × (vCPU + memory) × hours at the medium (desired) counts', () => {
    const env = FAR_ENVIRONMENTS.production;
    const task = (size: { cpu: number; memoryMiB: number }, count: number) =>
      count *
      ((size.cpu / 1024) * prices.fargate.vcpuHour + (size.memoryMiB / 1024) * prices.fargate.gbHour) *
      prices.hoursPerMonth;
    const expected =
      task(env.web.task, env.web.scaling.desired) +
      task(env.api.task, env.api.scaling.desired) +
      task(env.worker.task, env.worker.count);
    expect(line('production', 'medium', /^ECS Fargate/)).toBeCloseTo(expected, 6);
  });

  it('costs more at each higher load, and more in production than in staging', () => {
    for (const estimate of estimates) {
      const totals = LOADS.map((load) => estimate.byLoad[load].total);
      expect(totals).toEqual([...totals].sort((a, b) => a - b));
      expect(totals[0]).toBeGreaterThan(0);
    }
    const [staging, production] = estimates;
    for (const load of LOADS) {
      expect(production?.byLoad[load].total).toBeGreaterThan(staging?.byLoad[load].total ?? Infinity);
    }
  });
});

describe('docs/costs.md', () => {
  it('holds the current output of npm run infra:cost', () => {
    const doc = readFileSync(new URL('../../docs/costs.md', import.meta.url), 'utf8');
    const embedded = doc.match(/<!-- infra:cost -->\n([\s\S]*?)<!-- \/infra:cost -->/)?.[1];
    expect(embedded, 'docs/costs.md lost its <!-- infra:cost --> block').toBeDefined();
    expect(embedded).toBe(formatCostReport(estimates, prices));
  });
});
