import { existsSync } from 'node:fs';

/** Debian's Chromium, or CHROMIUM_PATH; browser tests skip when neither exists. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for a headless Chromium in CI containers. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
];

/**
 * Tells whether a Chromium binary is installed.
 * @returns true when browser tests can run
 */
export function hasChromium(): boolean {
  return existsSync(chromiumPath);
}
