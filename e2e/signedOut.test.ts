import { type Browser, chromium, type Page, type Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chromiumArgs, chromiumPath } from './chromiumPath';
import { allPages, viewports } from './screenshotPages';

const env = inject('e2e');
if (env.skipReason) console.warn(`[e2e] skipped: ${env.skipReason}`);
/** The pages under the app layout, which holds the session; the landing pages ship no wallet code. */
const appPages: ReadonlySet<string> = new Set([
  '/dashboard',
  '/inference',
  '/inference/playground',
  '/gpu',
  '/network',
  '/staking',
  '/revenue',
  '/account',
  // The services are app pages now (the (app) layout), no longer static (site) pages.
  '/gaming',
  '/desci',
  '/gamed',
  '/fartwin',
]);

/** The app's question "who is signed in?", whichever auth route it asks. */
const isSessionProbe = (response: Response) => new URL(response.url()).pathname.startsWith('/api/auth/');

/**
 * Loads each page and returns what a developer would see go wrong in the browser console:
 * console errors (a failed fetch shows there as "Failed to load resource"), uncaught exceptions,
 * and any same-origin response with an error status. Also counts the session probes answered,
 * so a test knows the probe ran at all.
 */
async function loadPages(page: Page, paths: readonly string[]) {
  const problems: string[] = [];
  let probes = 0;
  let current = '';
  page.on('console', (message) => {
    if (message.type() === 'error') {
      problems.push(`${current}: console: ${message.text()} (${message.location().url})`);
    }
  });
  page.on('pageerror', (error) => problems.push(`${current}: uncaught: ${error.message}`));
  page.on('response', (response) => {
    if (!response.url().startsWith(env.webUrl)) return;
    if (response.status() >= 400) {
      problems.push(`${current}: ${response.status()} ${response.request().method()} ${response.url()}`);
    } else if (isSessionProbe(response)) probes++;
  });
  for (const path of paths) {
    current = path;
    // App pages probe the session once hydrated, which can come after the network went idle
    // (scripts cached from the page before): wait for the probe itself.
    const probed = appPages.has(path) ? page.waitForResponse(isSessionProbe) : undefined;
    await page.goto(`${env.webUrl}${path}`, { waitUntil: 'networkidle' });
    await probed;
  }
  return { problems, probes };
}

describe.skipIf(env.skipReason !== null)('a signed-out visitor', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('loads every page without a console error', async () => {
    const context = await browser.newContext({ viewport: viewports.desktop });
    const page = await context.newPage();
    const loaded = await loadPages(page, allPages);
    expect(loaded.problems).toEqual([]);
    expect(loaded.probes).toBe(appPages.size);
    // The probe said "signed out" as a 200, and the page shows the way in.
    await page.goto(`${env.webUrl}/dashboard`, { waitUntil: 'networkidle' });
    await page.getByRole('button', { name: 'Connect wallet' }).waitFor();
    await context.close();
  });

  it('treats a refresh cookie the API no longer accepts as signed out, not as an error', async () => {
    const context = await browser.newContext({ viewport: viewports.desktop });
    await context.addCookies([
      { name: 'far_refresh', value: 'revoked-long-ago', url: `${env.webUrl}/api/auth`, httpOnly: true },
    ]);
    const page = await context.newPage();
    const loaded = await loadPages(page, ['/dashboard', '/account']);
    expect(loaded.problems).toEqual([]);
    expect(loaded.probes).toBe(2);
    // The dead cookie was cleared, so the next page load does not even ask the API.
    expect((await context.cookies(env.webUrl)).map((c) => c.name)).not.toContain('far_refresh');
    await context.close();
  });
});
