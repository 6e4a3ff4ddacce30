import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';

/**
 * Runs Lighthouse's performance category (default mobile emulation and simulated throttling)
 * against a URL with Debian's Chromium.
 * @param url - the page
 * @param chromePath - the Chromium binary
 * @returns the performance score, 0–100, and Lighthouse's benchmark index of this machine (how
 * fast its CPU was during the run: a busy or slow host scores lower for the same page)
 */
export async function measureLighthousePerformance(
  url: string,
  chromePath: string,
): Promise<{ score: number; benchmarkIndex: number }> {
  const chrome = await launch({
    chromePath,
    chromeFlags: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      onlyCategories: ['performance'],
      output: 'json',
      logLevel: 'error',
    });
    const score = result?.lhr.categories.performance?.score;
    if (typeof score !== 'number') throw new Error('Lighthouse returned no performance score');
    return { score: Math.round(score * 100), benchmarkIndex: result?.lhr.environment.benchmarkIndex ?? 0 };
  } finally {
    await chrome.kill();
  }
}
