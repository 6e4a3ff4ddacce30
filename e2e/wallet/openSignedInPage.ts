import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Hex } from 'viem';
import { viewports } from '../screenshotPages';
import { createWalletBridge } from './createWalletBridge';
import { injectWallet, testWalletName } from './injectWallet';

/**
 * A desktop browser context whose injected wallet holds `privateKey`, opened on `url`, connected
 * and signed in (SIWE) through the app's own buttons.
 *
 * @param browser - the Chromium the test launched.
 * @param wallet - the wallet's key and the chain's RPC URL it signs and sends through.
 * @param url - the page to open.
 * @returns the context (close it when done) and the signed-in page.
 * @example
 * const { page } = await openSignedInPage(browser, { privateKey, rpcUrl: env.chainUrl }, `${env.webUrl}/gamed`);
 */
export async function openSignedInPage(
  browser: Browser,
  wallet: { privateKey: Hex; rpcUrl: string },
  url: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: viewports.desktop });
  await injectWallet(context, createWalletBridge(wallet));
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.locator('html[data-wallet-ready="true"]').waitFor();
  await page.getByRole('button', { name: 'Connect wallet' }).click();
  await page.getByRole('menuitem', { name: testWalletName }).click();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return { context, page };
}
