import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';

/**
 * Loads a page in Chromium and sums the gzip size of every JavaScript response it fetched until
 * the network went idle: the first-load JS a visitor pays for.
 * @param browser - a launched Chromium
 * @param url - the page
 * @returns kilobytes (1000 bytes) of gzip-compressed JavaScript
 */
export async function measureFirstLoadJs(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const bodies: Promise<number>[] = [];
  page.on('response', (response) => {
    const type = response.headers()['content-type'] ?? '';
    if (response.request().resourceType() === 'script' || type.includes('javascript')) {
      bodies.push(
        response
          .body()
          .then((body) => gzipSync(body, { level: 9 }).length)
          .catch(() => 0),
      );
    }
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  const sizes = await Promise.all(bodies);
  await context.close();
  return sizes.reduce((sum, size) => sum + size, 0) / 1000;
}
