/**
 * Web weight benchmark (part of `npm run bench`): first-load JavaScript (gzip) of `/` and
 * `/inference/playground`, and the Lighthouse performance and accessibility scores of `/`,
 * `/inference/playground` and `/staking`, against `next start`.
 * Prints `RESULT web_first_load_js_kb_home=… web_first_load_js_kb_playground=…
 * lighthouse_performance=… lighthouse_accessibility=…` (each Lighthouse figure the minimum over the
 * three pages), then one `lighthouse_<category>_<page>=…` per page.
 * Targets: `/` ≤ 150 kB, performance ≥ 90, accessibility ≥ 95 on every page (printed, not asserted:
 * performance depends on the machine).
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { measureFirstLoadJs } from './measureFirstLoadJs';
import { type LighthouseMeasurement, measureLighthouse } from './measureLighthouse';
import { startNextServer } from './startNextServer';

const chromePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromePath)) {
  console.log(`SKIP web weight: Chromium not found at ${chromePath} (apt-get install -y chromium)`);
  process.exit(0);
}

const server = await startNextServer();
try {
  const browser = await chromium.launch({
    executablePath: chromePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
  let home: number;
  let playground: number;
  try {
    // One warm-up load so on-demand server compilation and caches do not count against the page.
    await measureFirstLoadJs(browser, `${server.url}/`);
    home = await measureFirstLoadJs(browser, `${server.url}/`);
    playground = await measureFirstLoadJs(browser, `${server.url}/inference/playground`);
  } finally {
    await browser.close();
  }
  // Lighthouse varies run to run; its docs advise the median of several.
  const pages = { home: '/', playground: '/inference/playground', staking: '/staking' } as const;
  const scores: Record<string, { performance: number; accessibility: number }> = {};
  for (const [name, path] of Object.entries(pages)) {
    const runs: LighthouseMeasurement[] = [];
    for (let run = 0; run < 3; run++) runs.push(await measureLighthouse(`${server.url}${path}`, chromePath));
    runs.sort((a, b) => a.performance - b.performance);
    const median = runs[1] ?? runs[0];
    if (!median) throw new Error(`no Lighthouse run of ${path}`);
    scores[name] = { performance: median.performance, accessibility: median.accessibility };
    console.log(
      `# lighthouse ${path} performance runs=${runs.map((run) => run.performance).join(',')} accessibility=${median.accessibility} failed_accessibility_audits=${median.failedAccessibilityAudits.join(',') || 'none'} benchmark_index=${Math.round(median.benchmarkIndex)} (a busy host lowers performance)`,
    );
  }
  const perPage = Object.entries(scores);
  const performance = Math.min(...perPage.map(([, score]) => score.performance));
  const accessibility = Math.min(...perPage.map(([, score]) => score.accessibility));
  console.log(
    `RESULT web_first_load_js_kb_home=${home.toFixed(1)} web_first_load_js_kb_playground=${playground.toFixed(1)} lighthouse_performance=${performance} lighthouse_accessibility=${accessibility}`,
  );
  console.log(
    `RESULT ${perPage.map(([name, score]) => `lighthouse_performance_${name}=${score.performance} lighthouse_accessibility_${name}=${score.accessibility}`).join(' ')}`,
  );
} finally {
  await server.stop();
}
