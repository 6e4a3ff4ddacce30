import { devAccount } from '@far/contracts';
import { type Browser, chromium } from 'playwright-core';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chromiumArgs, chromiumPath } from './chromiumPath';
import { viewports } from './screenshotPages';
import { createWalletBridge } from './wallet/createWalletBridge';
import { injectWallet, testWalletName } from './wallet/injectWallet';

const env = inject('e2e');

type ApiTournament = { id: string; organiser: string; phase: string; mode: string };

async function readTournaments(): Promise<ApiTournament[]> {
  const response = await fetch(`${env.apiUrl}/api/gaming/tournaments`);
  return ((await response.json()) as { data: ApiTournament[] }).data;
}

describe.skipIf(env.skipReason !== null)(
  'Farcana Game in a browser: a scripted practice run reaches the live leaderboard',
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
      const context = await browser.newContext({ viewport: viewports.desktop });
      await injectWallet(context, createWalletBridge({ privateKey, rpcUrl: env.chainUrl }));
      const page = await context.newPage();
      await page.goto(`${env.webUrl}/gaming`, { waitUntil: 'networkidle' });
      await page.locator('html[data-wallet-ready="true"]').waitFor();
      await page.getByRole('button', { name: 'Connect wallet' }).click();
      await page.getByRole('menuitem', { name: testWalletName }).click();
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();

      await page.getByRole('tab', { name: 'Sprint (60 s)' }).click();
      const board = page.getByTestId('leaderboard');
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
  },
);
