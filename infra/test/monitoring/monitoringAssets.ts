import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

/** ops/monitoring: alert rules, dashboards and the catalog of the metrics they query. */
export const MONITORING_DIR = fileURLToPath(new URL('../../../ops/monitoring/', import.meta.url));

const catalogSchema = z.object({
  metrics: z.array(
    z.object({
      name: z.string().regex(/^[a-z_][a-z0-9_]*$/),
      type: z.enum(['counter', 'gauge', 'histogram']),
      labels: z.array(z.string()),
      status: z.enum(['exported', 'pending', 'prometheus']),
      help: z.string().min(1),
    }),
  ),
});

const rulesSchema = z.object({
  groups: z.array(
    z.object({
      name: z.string(),
      rules: z.array(
        z.object({
          alert: z.string(),
          expr: z.string(),
          for: z.string().optional(),
          labels: z.object({ severity: z.enum(['page', 'ticket']) }),
          annotations: z.object({ summary: z.string().min(1), description: z.string().min(1) }),
        }),
      ),
    }),
  ),
});

const dashboardSchema = z.object({
  uid: z.string().min(1),
  title: z.string().min(1),
  panels: z.array(
    z.object({
      id: z.number(),
      title: z.string().min(1),
      type: z.string(),
      targets: z.array(z.object({ refId: z.string(), expr: z.string().min(1) })).min(1),
    }),
  ),
});

/** The metric catalog, parsed. */
export function readMetricCatalog() {
  return catalogSchema.parse(parse(readFileSync(`${MONITORING_DIR}metrics.yml`, 'utf8'))).metrics;
}

/** The alert rules file, parsed. */
export function readAlertRules() {
  return rulesSchema.parse(parse(readFileSync(`${MONITORING_DIR}rules/far-alerts.yml`, 'utf8')));
}

/** Every dashboard by file name, parsed. */
export function readDashboards() {
  const dir = `${MONITORING_DIR}dashboards/`;
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => ({
      file,
      dashboard: dashboardSchema.parse(JSON.parse(readFileSync(dir + file, 'utf8'))),
    }));
}

/**
 * The metric names a PromQL expression reads: `far_*`, `process_*`, `nodejs_*` and `up{…}`, with
 * a histogram's `_bucket`/`_sum`/`_count` series named by the histogram.
 */
export function metricsInExpression(expr: string, histograms: ReadonlySet<string>) {
  const names = expr.match(/\b(?:far|process|nodejs)_[a-z0-9_]+|\bup(?=\{)/g) ?? [];
  return names.map((name) => {
    const base = name.replace(/_(bucket|sum|count)$/, '');
    return histograms.has(base) ? base : name;
  });
}
