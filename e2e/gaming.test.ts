import { devAccount, farTokenAbi, tournamentPoolAbi } from '@far/contracts';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import {
  type Address,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  keccak256,
  parseEther,
  parseEventLogs,
  stringToBytes,
  stringToHex,
  toHex,
} from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { hardhat } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chromiumArgs, chromiumPath } from './chromiumPath';
import { until } from './until';
import { openSignedInPage } from './wallet/openSignedInPage';

const env = inject('e2e');

type ApiTournament = {
  id: string;
  organiser: string;
  phase: string;
  mode: string;
  entryFeeWei: string;
  prizeBps: number[];
  entries: { wallet: string; rank: number | null; prizeWei: string | null; claimedWei: string | null }[];
};

async function readTournaments(): Promise<ApiTournament[]> {
  const response = await fetch(`${env.apiUrl}/api/gaming/tournaments`);
  return ((await response.json()) as { data: ApiTournament[] }).data;
}

async function readTournament(id: string): Promise<ApiTournament | undefined> {
  return (await readTournaments()).find((tournament) => tournament.id === id);
}

/** A browser context whose injected wallet holds `privateKey`, connected and signed in on /gaming. */
const signedInPage = (browser: Browser, privateKey: Hex) =>
  openSignedInPage(browser, { privateKey, rpcUrl: env.chainUrl }, `${env.webUrl}/gaming`);

// Built on first use: without Chromium nothing started and there is no chain URL.
const chainOf = () => ({ ...hardhat, rpcUrls: { default: { http: [env.chainUrl] } } });
let publicClientOnce: ReturnType<typeof createPublicClient> | undefined;
const chainClient = () => {
  publicClientOnce ??= createPublicClient({ chain: chainOf(), transport: http(env.chainUrl) });
  return publicClientOnce;
};
// #3 organises (as in the demo seed); #8 only lends the new player FAR and gas here, so no other
// sender (the API's coordinator, #0) competes with the test for its nonces.
const organiser = devAccount(3);
const funder = devAccount(8);
const ENTRY_FEE = parseEther('10');
const DISPUTE_WINDOW_SECONDS = 3_600;

/** Moves the dev chain's clock forward and mines a block at the new time. */
async function advanceChainClock(seconds: number): Promise<void> {
  await chainClient().request({ method: 'evm_increaseTime' as never, params: [seconds] as never });
  await chainClient().request({ method: 'evm_mine' as never, params: [] as never });
}

async function latestChainSeconds(): Promise<number> {
  return Number((await chainClient().getBlock()).timestamp);
}

/** Sends `player` gas and FAR from the funder, as a faucet or an exchange would. */
async function fundNewPlayer(farToken: Address, player: Address): Promise<void> {
  const wallet = createWalletClient({ account: funder, chain: chainOf(), transport: http(env.chainUrl) });
  const gas = await wallet.sendTransaction({ to: player, value: parseEther('1') });
  await chainClient().waitForTransactionReceipt({ hash: gas });
  const far = await wallet.writeContract({
    address: farToken,
    abi: farTokenAbi,
    functionName: 'transfer',
    args: [player, parseEther('50')],
  });
  await chainClient().waitForTransactionReceipt({ hash: far });
}

/**
 * The organiser opens a short sprint tournament whose game server is the coordinator (#0): one
 * winner takes the prize pool, one player is enough, the shortest dispute window the pool allows.
 * It starts a minute ago and ends 20 minutes after the later of the wall and chain clocks (an earlier
 * test may have moved the chain's forward), so the API and the pool both see it live.
 */
async function openShortTournament(pool: Address): Promise<{ id: string; endTime: number }> {
  const wall = Math.floor(Date.now() / 1000);
  const onChain = await latestChainSeconds();
  const endTime = Math.max(wall, onChain) + 20 * 60;
  const wallet = createWalletClient({ account: organiser, chain: chainOf(), transport: http(env.chainUrl) });
  const hash = await wallet.writeContract({
    address: pool,
    abi: tournamentPoolAbi,
    functionName: 'createTournament',
    args: [
      {
        gameServer: devAccount(0).address,
        entryFee: ENTRY_FEE,
        startTime: Math.min(wall, onChain) - 60,
        endTime,
        minPlayers: 1,
        maxPlayers: 4,
        disputeWindow: DISPUTE_WINDOW_SECONDS,
        modeId: stringToHex('sprint', { size: 32 }),
        metadataHash: keccak256(stringToBytes('e2e: enter, play, claim')),
        prizeBps: [10_000],
      },
    ],
  });
  const receipt = await chainClient().waitForTransactionReceipt({ hash });
  const [created] = parseEventLogs({
    abi: tournamentPoolAbi,
    eventName: 'TournamentCreated',
    logs: receipt.logs,
  });
  if (!created) throw new Error('createTournament emitted no TournamentCreated');
  return { id: created.args.tournamentId.toString(), endTime };
}

/** Real key presses through the page's keyboard handler, alternating lanes until the round ends. */
async function playUntilRoundEnds(page: Page, scope: Locator): Promise<void> {
  const keys = ['ArrowLeft', 'ArrowRight', 'd', 'a'];
  await scope.getByTestId('run-hud').waitFor();
  for (let press = 0; (await scope.getByTestId('run-hud').count()) > 0; press += 1) {
    await page.keyboard.press(keys[press % keys.length] ?? 'ArrowLeft');
    await page.waitForTimeout(400);
  }
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
      // The script: real key presses until the round ends (lives out or the 60 s clock), so the
      // input log the server replays is non-empty.
      await playUntilRoundEnds(page, page.locator('main'));

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
      // The game server is the API's (the coordinator, #0, approved on the pool by the deploy),
      // filled in from the tournaments list and not editable.
      const server = page.getByLabel('Game server address');
      await expect.poll(() => server.inputValue(), { timeout: 60_000 }).toBe(devAccount(0).address);
      expect(await server.getAttribute('readonly')).not.toBeNull();
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
    it('a new player enters with FAR, plays a tournament run, and after the end and the dispute window claims the exact prize', async () => {
      const { contracts } = (await (await fetch(`${env.apiUrl}/api/chain`)).json()) as {
        contracts: { farToken: Address };
      };
      const list = await fetch(`${env.apiUrl}/api/gaming/tournaments`);
      const pool = ((await list.json()) as { poolAddress: Address }).poolAddress;
      const privateKey = generatePrivateKey();
      const player = privateKeyToAccount(privateKey).address;
      await fundNewPlayer(contracts.farToken, player);
      const tournament = await openShortTournament(pool);
      await until(() => readTournament(tournament.id), 'the new tournament in the chain mirror');

      const { context, page } = await signedInPage(browser, privateKey);
      const card = page.getByTestId(`tournament-${tournament.id}`);
      // Enter: the wallet signs an EIP-2612 permit for the fee and sends enterWithPermit.
      await card.getByRole('button', { name: 'Enter with FAR' }).click();
      await card.getByText('Transaction sent; it shows here once mined.').waitFor({ timeout: 120_000 });
      await card.getByRole('button', { name: 'Play', exact: true }).click({ timeout: 120_000 });
      await card.getByRole('button', { name: 'Play tournament run' }).click();
      await playUntilRoundEnds(page, card);
      const verified = card.getByTestId('verified-score');
      await verified.waitFor({ timeout: 60_000 });
      const score = (await verified.innerText()).replace(/\D+/g, '');
      // The tournament's live board shows the server's replayed score for the new player.
      const line = card.getByTestId('leaderboard').locator(`[data-wallet="${player}" i]`);
      await line.waitFor({ timeout: 60_000 });
      expect(await line.innerText()).toBe(score);

      // Past the end on the chain's clock: the API's worker ranks, signs and posts the result.
      await advanceChainClock(tournament.endTime - (await latestChainSeconds()) + 1);
      const posted = await until(async () => {
        const found = await readTournament(tournament.id);
        return found?.phase === 'results_posted' ? found : undefined;
      }, 'the result posted by the game server');
      const prizeWei = BigInt(posted.entries[0]?.prizeWei ?? '0');
      // One winner takes the pool of one entry less the platform fee, to the wei.
      const { platformFeeBps } = await chainClient().readContract({
        address: pool,
        abi: tournamentPoolAbi,
        functionName: 'getTournament',
        args: [BigInt(tournament.id)],
      });
      expect(posted.entries).toHaveLength(1);
      expect(posted.entries[0]?.rank).toBe(1);
      expect(prizeWei).toBe(ENTRY_FEE - (ENTRY_FEE * BigInt(platformFeeBps)) / 10_000n);
      // No claim while the dispute window runs.
      await card.getByText('Results posted: dispute window open').waitFor({ timeout: 60_000 });
      expect(await card.getByRole('button', { name: /^Claim/ }).count()).toBe(0);

      await advanceChainClock(DISPUTE_WINDOW_SECONDS + 1);
      const readBalance = () =>
        chainClient().readContract({
          address: contracts.farToken,
          abi: farTokenAbi,
          functionName: 'balanceOf',
          args: [player],
        });
      const before = await readBalance();
      await card.getByRole('button', { name: /^Claim/ }).click({ timeout: 60_000 });
      const after = await until(async () => {
        const balance = await readBalance();
        return balance > before ? balance : undefined;
      }, 'the claimed prize in the wallet');
      expect(after - before).toBe(prizeWei);
      await card.getByText('Prize claimed').waitFor({ timeout: 60_000 });
      await context.close();
    }, 600_000);
  },
);
