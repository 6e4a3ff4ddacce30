import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chromiumArgs, chromiumPath } from './chromiumPath';
import { viewports } from './screenshotPages';
import { until } from './until';

const env = inject('e2e');

describe.skipIf(env.skipReason !== null)('the network page and the GPU page’s scores', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('charts the metrics series and shows each local node’s score inputs, signed out', async () => {
    const context = await browser.newContext({ viewport: viewports.desktop });
    const page = await context.newPage();
    // The coordinator samples the network as it starts, then every minute.
    await until(async () => {
      const series = (await (await fetch(`${env.apiUrl}/api/network/metrics`)).json()) as {
        points: unknown[];
      };
      return series.points.length > 0;
    }, 'a network metrics sample');
    await page.goto(`${env.webUrl}/network`, { waitUntil: 'networkidle' });
    const charts = page.getByTestId('network-charts');
    await charts.waitFor();
    const drawn = page.getByTestId('network-chart-nodes').locator('svg.recharts-surface').first();
    await drawn.waitFor().catch(async (error: unknown) => {
      throw new Error(`no chart drawn; the section reads: ${await charts.innerText()}`, { cause: error });
    });
    for (const { nodeId } of env.nodes) {
      const row = page.locator(`[data-testid="node-score-row"][data-node-id="${nodeId}"]`);
      await until(async () => (await row.count()) === 1, `${nodeId} in the node scores`);
      // Connected since the network started: measured uptime is full, its payment within ±10 %.
      expect(await row.getByTestId('node-uptime').innerText()).toMatch(/^\d+\.\d%$/);
      const adjustment = Number.parseInt(await row.getByTestId('node-payment-adjustment').innerText(), 10);
      expect(Math.abs(adjustment)).toBeLessThanOrEqual(10);
    }
    expect(await page.getByTestId('score-formula').innerText()).toContain('0.25·uptime');

    await page.goto(`${env.webUrl}/gpu`, { waitUntil: 'networkidle' });
    await page.getByTestId('node-score-table').waitFor();
    await page.getByTestId('network-chart-throughput').waitFor();
    await context.close();
  });
});
