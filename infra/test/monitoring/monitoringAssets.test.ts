import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createMetrics } from '../../../apps/api/src/observability/createMetrics.js';
import { discoveryNamespace, ROLE_PORTS } from '../../src/compute/roleSettings.js';
import {
  MONITORING_DIR,
  metricsInExpression,
  readAlertRules,
  readDashboards,
  readMetricCatalog,
} from './monitoringAssets.js';

const catalog = readMetricCatalog();
const byName = new Map(catalog.map((metric) => [metric.name, metric]));
const histograms = new Set(catalog.filter((m) => m.type === 'histogram').map((m) => m.name));
const { registry } = createMetrics();

describe('the metric catalog (ops/monitoring/metrics.yml)', () => {
  it('lists every exported metric as the API registry really exports it: name, type and labels', async () => {
    const exported = new Map((await registry.getMetricsAsJSON()).map((m) => [m.name, m]));
    for (const metric of catalog.filter((m) => m.status === 'exported')) {
      const real = exported.get(metric.name);
      expect(real, `${metric.name} is not in the API's registry`).toBeDefined();
      expect(real?.type, metric.name).toBe(metric.type);
      const labelNames = (registry.getSingleMetric(metric.name) as { labelNames?: readonly string[] })
        .labelNames;
      expect([...(labelNames ?? [])].sort(), metric.name).toEqual([...metric.labels].sort());
    }
  });

  it('marks pending only what the API does not export yet (flip it when the app adds it)', async () => {
    const exported = new Set((await registry.getMetricsAsJSON()).map((m) => m.name));
    const pending = catalog.filter((m) => m.status === 'pending').map((m) => m.name);
    for (const name of pending)
      expect(exported.has(name), `${name} is exported now: mark it exported`).toBe(false);
    console.info(
      `metrics the rules and dashboards need that the API does not export yet: ${pending.join(', ')}`,
    );
  });
});

describe('the alert rules (ops/monitoring/rules/far-alerts.yml)', () => {
  const rules = readAlertRules().groups.flatMap((group) => group.rules);

  it('cover what must wake someone', () => {
    expect(rules.map((r) => r.alert)).toEqual(
      expect.arrayContaining([
        'FarNoNodeForModel',
        'FarSettlementFailing',
        'FarIndexerLagging',
        'FarLedgerAuditMismatch',
        'FarHighErrorRate',
        'FarHighP99Latency',
      ]),
    );
  });

  it('query only catalogued metrics, with only their labels', () => {
    for (const rule of rules) {
      const names = metricsInExpression(rule.expr, histograms);
      expect(names.length, rule.alert).toBeGreaterThan(0);
      for (const name of names) expect(byName.has(name), `${rule.alert} reads ${name}`).toBe(true);
    }
  });
});

describe('the scrape configuration (ops/monitoring/prometheus.yml)', () => {
  const config = parse(readFileSync(`${MONITORING_DIR}prometheus.yml`, 'utf8')) as {
    rule_files: string[];
    scrape_configs: { job_name: string; dns_sd_configs: { names: string[]; port: number }[] }[];
  };

  it('scrapes the api and worker tasks by the names the stack registers, on their port', () => {
    const namespace = discoveryNamespace({ name: 'production' });
    expect(
      config.scrape_configs.map((job) => [
        job.job_name,
        job.dns_sd_configs[0]?.names,
        job.dns_sd_configs[0]?.port,
      ]),
    ).toEqual([
      ['far-api', [`api.${namespace}`], ROLE_PORTS.api],
      ['far-worker', [`worker.${namespace}`], ROLE_PORTS.api],
    ]);
  });

  it('loads the alert rules, whose target-down rule names these jobs', () => {
    expect(config.rule_files).toEqual(['rules/far-alerts.yml']);
    const targetDown = readAlertRules()
      .groups.flatMap((g) => g.rules)
      .find((r) => r.alert === 'FarApiTargetDown');
    expect(targetDown?.expr).toContain('far-api|far-worker');
  });
});

describe('the Grafana dashboards (ops/monitoring/dashboards)', () => {
  const dashboards = readDashboards();

  it('are network, inference, money and services, with distinct uids', () => {
    expect(dashboards.map((d) => d.file).sort()).toEqual([
      'inference.json',
      'money.json',
      'network.json',
      'services.json',
    ]);
    expect(new Set(dashboards.map((d) => d.dashboard.uid)).size).toBe(dashboards.length);
  });

  it('query only catalogued metrics', () => {
    for (const { file, dashboard } of dashboards) {
      for (const panel of dashboard.panels) {
        for (const target of panel.targets) {
          const names = metricsInExpression(target.expr, histograms);
          expect(names.length, `${file} / ${panel.title}`).toBeGreaterThan(0);
          for (const name of names)
            expect(byName.has(name), `${file} / ${panel.title} reads ${name}`).toBe(true);
        }
      }
    }
  });

  it('give each panel a unique id within its dashboard', () => {
    for (const { dashboard } of dashboards) {
      const ids = dashboard.panels.map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});
