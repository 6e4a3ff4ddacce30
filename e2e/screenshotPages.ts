import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from 'playwright-core';

const artifactsDir = fileURLToPath(new URL('./artifacts/', import.meta.url));

/** Every page of the app, for screenshots. */
export const allPages = [
  '/',
  '/dashboard',
  '/inference',
  '/inference/playground',
  '/gpu',
  '/network',
  '/staking',
  '/revenue',
  '/account',
  '/gaming',
  '/desci',
  '/gamed',
  '/fartwin',
] as const;

export const viewports = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

/**
 * Saves a full-page screenshot of each page at desktop and phone width into e2e/artifacts/.
 * @param context - a browser context (with the wallet, so signed-in views are captured)
 * @param baseUrl - the web app's URL
 * @returns the files written
 */
export async function screenshotPages(context: BrowserContext, baseUrl: string): Promise<string[]> {
  mkdirSync(artifactsDir, { recursive: true });
  const written: string[] = [];
  const page = await context.newPage();
  for (const [label, viewport] of Object.entries(viewports)) {
    await page.setViewportSize(viewport);
    for (const path of allPages) {
      await page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' });
      const name = path === '/' ? 'home' : path.slice(1).replaceAll('/', '-');
      const file = `${artifactsDir}${name}-${label}.png`;
      await page.screenshot({ path: file, fullPage: true });
      written.push(file);
    }
  }
  await page.close();
  return written;
}
