import { devAccount } from '@far/contracts';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { type Hex, toHex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chromiumArgs, chromiumPath } from './chromiumPath';
import { viewports } from './screenshotPages';
import { createWalletBridge } from './wallet/createWalletBridge';
import { injectWallet, testWalletName } from './wallet/injectWallet';

const env = inject('e2e');

type ApiTournament = {
  id: string;
  organiser: string;
  phase: string;
  mode: string;
  entryFeeWei: string;
  prizeBps: number[];
};

async function readTournaments(): Promise<ApiTournament[]> {
  const response = await fetch(`${env.apiUrl}/api/gaming/tournaments`);
  return ((await response.json()) as { data: ApiTournament[] }).data;
}

/** A browser context whose injected wallet holds `privateKey`, connected and signed in on /gaming. */
async function signedInPage(
  browser: Browser,
  privateKey: Hex,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: viewports.desktop });
  await injectWallet(context, createWalletBridge({ privateKey, rpcUrl: env.chainUrl }));
  const page = await context.newPage();
  await page.goto(`${env.webUrl}/gaming`, { waitUntil: 'networkidle' });
  await page.locator('html[data-wallet-ready="true"]').waitFor();
  await page.getByRole('button', { name: 'Connect wallet' }).click();
  await page.getByRole('menuitem', { name: testWalletName }).click();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return { context, page };
}

// Polls without a time threshold in the assertion: until true or the test's own timeout.
async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let tries = 0; tries < 480; tries += 1) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe.skipIf(env.skipReason !== null)(
  'Farcana Game (gaming) in a browser: a scripted practice run on the live board, the organiser dashboard',
  () => {
    let browser: Browser;

    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    });

    afterAll(async () => {
      await browser?.close();
    });

    it('the demo seed keeps one open tournament by dev #3 (scripts/demo/seedGamingDemo.ts)', async () => {
      const organiser = devAccount(3).address.toLowerCase();
      const open = (await readTournaments()).filter(
        (tournament) =>
          tournament.organiser.toLowerCase() === organiser && ['upcoming', 'live'].includes(tournament.phase),
      );
      expect(open).toHaveLength(1);
    });

    it('plays a sprint practice run with real key presses and sees its verified score on the live board', async () => {
      // A wallet no other test uses: the season board then shows exactly this run's score for it.
      const privateKey = generatePrivateKey();
      const wallet = privateKeyToAccount(privateKey).address.toLowerCase();
      const { context, page } = await signedInPage(browser, privateKey);

      await page.getByRole('tab', { name: 'Sprint (60 s)' }).click();
      const board = page.getByTestId('leaderboard').filter({ hasText: 'This season' });
      await board.getByText('live', { exact: true }).waitFor();

      await page.getByLabel('Game mode').selectOption('sprint');
      await page.getByRole('button', { name: 'Play practice' }).click();
      await page.getByTestId('run-hud').waitFor();
      // The script: real key presses through the page's keyboard handler, alternating lanes until the
      // round ends (lives out or the 60 s clock), so the input log the server replays is non-empty.
      const keys = ['ArrowLeft', 'ArrowRight', 'd', 'a'];
      for (let press = 0; (await page.getByTestId('run-hud').count()) > 0; press += 1) {
        await page.keyboard.press(keys[press % keys.length] ?? 'ArrowLeft');
        await page.waitForTimeout(400);
      }

      const verified = page.getByTestId('verified-score');
      await verified.waitFor({ timeout: 60_000 });
      const score = (await verified.innerText()).replace(/\D+/g, '');
      expect(score).toMatch(/^\d+$/);
      // The live leaderboard (server-sent events) lists the wallet with the server's replayed score.
      const line = board.locator(`[data-wallet="${wallet}" i]`);
      await line.waitFor({ timeout: 60_000 });
      expect(await line.innerText()).toBe(score);
      await context.close();
    });

    it('an organiser (dev #3) opens a tournament on chain from the dashboard form', async () => {
      const key = toHex(devAccount(3).getHdKey().privateKey as Uint8Array);
      const { context, page } = await signedInPage(browser, key);
      await page.getByLabel('Entry fee (FAR)').fill('3');
      await page.getByLabel('Minimum players').fill('1');
      await page.getByLabel('Maximum players').fill('8');
      await page.getByLabel('Prize table (% by rank)').fill('60/40');
      // The demo's game server is the coordinator (#0), approved on the pool by the deploy.
      await page.getByLabel('Game server address').fill(devAccount(0).address);
      await page.getByRole('button', { name: 'Create tournament on chain' }).click();
      await page.getByText('Tournament sent; it shows in the list once mined.').waitFor({ timeout: 120_000 });
      const organiser = devAccount(3).address.toLowerCase();
      const created = await until(async () => {
        const found = (await readTournaments()).find(
          (tournament) =>
            tournament.organiser.toLowerCase() === organiser && tournament.prizeBps.join('/') === '6000/4000',
        );
        return found;
      }, "the organiser's tournament in the chain mirror");
      expect(created.mode).toBe('sprint');
      expect(created.entryFeeWei).toBe('3000000000000000000');
      await page.getByTestId(`tournament-${created.id}`).waitFor();
      await context.close();
    });
  },
);
