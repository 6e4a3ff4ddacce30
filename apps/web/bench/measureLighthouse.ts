import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';

/** One Lighthouse run of a page: its two category scores and why accessibility lost points. */
export type LighthouseMeasurement = {
  /** Performance score, 0–100 (mobile emulation, simulated throttling). */
  performance: number;
  /** Accessibility score, 0–100 (axe-core checks; the same page scores the same on any host). */
  accessibility: number;
  /** Lighthouse's benchmark index of this machine: a busy or slow host scores lower for the same page. */
  benchmarkIndex: number;
  /** Ids of the accessibility audits the page failed, so a low score says what to fix. */
  failedAccessibilityAudits: string[];
};

/**
 * Runs Lighthouse's performance and accessibility categories (default mobile emulation and
 * simulated throttling) against a URL with Debian's Chromium, in one fresh browser.
 * @param url - the page
 * @param chromePath - the Chromium binary
 * @returns both scores, the host's benchmark index and the failed accessibility audits
 * @example
 * const { performance, accessibility } = await measureLighthouse('http://127.0.0.1:3000/', '/usr/bin/chromium');
 */
export async function measureLighthouse(url: string, chromePath: string): Promise<LighthouseMeasurement> {
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
      onlyCategories: ['performance', 'accessibility'],
      output: 'json',
      logLevel: 'error',
    });
    const lhr = result?.lhr;
    const performance = lhr?.categories.performance?.score;
    const accessibility = lhr?.categories.accessibility?.score;
    if (typeof performance !== 'number' || typeof accessibility !== 'number')
      throw new Error(`Lighthouse returned no score for ${url}`);
    const failedAccessibilityAudits = (lhr?.categories.accessibility?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0 && lhr?.audits[ref.id]?.score === 0)
      .map((ref) => ref.id);
    return {
      performance: Math.round(performance * 100),
      accessibility: Math.round(accessibility * 100),
      benchmarkIndex: lhr?.environment.benchmarkIndex ?? 0,
      failedAccessibilityAudits,
    };
  } finally {
    await chrome.kill();
  }
}
