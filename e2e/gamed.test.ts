import { devAccount, farTokenAbi, gameLicensesAbi, LOCAL_ROLE_ACCOUNTS } from '@far/contracts';
import { type Browser, chromium } from 'playwright-core';
import { type Address, createPublicClient, createWalletClient, http, parseEther, toHex } from 'viem';
import { hardhat } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chromiumArgs, chromiumPath } from './chromiumPath';
import { until } from './until';
import { openSignedInPage } from './wallet/openSignedInPage';

const env = inject('e2e');

const keyOf = (index: number) => toHex(devAccount(index).getHdKey().privateKey as Uint8Array);
// #3 is the demo studio (scripts/demo/seedGamedDemo.ts); #2 is the user a person tries things with.
const studioIndex = 3;
const playerIndex = 2;

// Waits without a time threshold in the assertion: poll until true or the test's own timeout.

/** A browser context whose injected wallet holds dev account `index`, connected and signed in on `path`. */
const signedInPage = (browser: Browser, index: number, path: string) =>
  openSignedInPage(browser, { privateKey: keyOf(index), rpcUrl: env.chainUrl }, `${env.webUrl}${path}`);

type ApiGame = { id: string; slug: string; builds: { platform: string; sha256: string }[] };
async function readGame(slug: string): Promise<ApiGame | undefined> {
  const response = await fetch(`${env.apiUrl}/api/gamed/games/${slug}`);
  return response.ok ? ((await response.json()) as ApiGame) : undefined;
}

describe.skipIf(env.skipReason !== null)('Far GameD in a browser: publish, buy, download and verify', () => {
  const stamp = Date.now().toString(36);
  const title = `Orbit Racer ${stamp}`;
  const slug = `orbit-racer-${stamp}`;
  let browser: Browser;
  const chain = { ...hardhat, rpcUrls: { default: { http: [env.chainUrl] } } };
  const publicClient = createPublicClient({ chain, transport: http(env.chainUrl) });
  let farToken: Address;
  let licenses: Address;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    // The player needs FAR to pay with: the deployer (#0) holds the supply on the local chain.
    const deployer = createWalletClient({ account: devAccount(0), chain, transport: http(env.chainUrl) });
    const { contracts } = (await (await fetch(`${env.apiUrl}/api/chain`)).json()) as {
      contracts: { farToken: Address };
    };
    farToken = contracts.farToken;
    const store = (await (await fetch(`${env.apiUrl}/api/gamed/store`)).json()) as {
      licensesAddress: Address;
    };
    licenses = store.licensesAddress;
    const hash = await deployer.writeContract({
      address: farToken,
      abi: farTokenAbi,
      functionName: 'transfer',
      args: [devAccount(playerIndex).address, parseEther('100')],
    });
    await publicClient.waitForTransactionReceipt({ hash });
    // The shortest refund window the contract allows (its owner, the admin account, sets it), so the
    // payout test moves the chain's clock by one hour rather than the default 14 days.
    const admin = createWalletClient({
      account: devAccount(LOCAL_ROLE_ACCOUNTS.admin),
      chain,
      transport: http(env.chainUrl),
    });
    const windowHash = await admin.writeContract({
      address: licenses,
      abi: gameLicensesAbi,
      functionName: 'setRefundWindow',
      args: [3_600n],
    });
    await publicClient.waitForTransactionReceipt({ hash: windowHash });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the demo game in the store with its published build', async () => {
    const demo = await readGame('star-courier');
    expect(demo?.builds.map((build) => build.platform)).toEqual(['web']);
  });

  it('a studio registers a game on chain, uploads a build and publishes its hash', async () => {
    const { page } = await signedInPage(browser, studioIndex, '/gamed/studio');
    // The studio's existing games have edit forms with the same labels: fill the create form.
    const create = page.locator('[aria-labelledby="create-game"]');
    await create.getByLabel('Title').fill(title);
    await create.getByLabel('Studio name').fill('E2E Studio');
    await create.getByLabel('Price (FAR)').fill('5');
    await create.getByLabel('Genre (e.g. arcade)').fill('racing');
    await create.getByRole('button', { name: 'Register on chain and publish the page' }).click();
    await page.getByText(/registered and its page published/).waitFor({ timeout: 120_000 });

    const card = page.getByTestId('studio-game').filter({ hasText: title });
    await card.getByTestId('build-file').setInputFiles({
      name: 'orbit-racer.zip',
      mimeType: 'application/zip',
      buffer: Buffer.from(`orbit racer build ${stamp}`.repeat(5_000)),
    });
    await card.getByRole('button', { name: 'Publish on chain' }).click();
    const game = await until(async () => {
      const read = await readGame(slug);
      return read && read.builds.length === 1 ? read : undefined;
    }, 'the published build on the game page');
    expect(game.builds[0]?.platform).toBe('web');
  });

  it('a player buys the licence, downloads the build and verifies it against the chain', async () => {
    const { page } = await signedInPage(browser, playerIndex, `/gamed/${slug}`);
    await page.getByRole('heading', { name: title }).waitFor();
    const hash = (await readGame(slug))?.builds[0]?.sha256 ?? '';
    expect(await page.getByTestId('build-hash').innerText()).toContain(hash);
    await page.getByRole('button', { name: 'Buy licence' }).click();
    // Leave the page only once the wallet has sent the purchase (permit signed, transaction out).
    await page.getByText('Transaction sent; it shows here once mined.').waitFor({ timeout: 120_000 });

    await page.goto(`${env.webUrl}/gamed/library`, { waitUntil: 'networkidle' });
    const owned = page.getByTestId('library-game').filter({ hasText: title });
    await owned.waitFor({ timeout: 120_000 });
    await owned.getByRole('button', { name: 'Download and verify (web)' }).click();
    const verdict = owned.getByTestId('verification');
    await verdict.waitFor({ timeout: 60_000 });
    expect(await verdict.innerText()).toContain('Verified');

    // The account history shows the purchase (from GameD's chain mirror) and the download.
    await page.goto(`${env.webUrl}/dashboard`, { waitUntil: 'networkidle' });
    const history = page.getByTestId('transaction-history');
    const purchase = history.locator('tr[data-kind="game_purchase"]').filter({ hasText: title });
    await until(
      async () => {
        if ((await purchase.count()) > 0) return true;
        await page.reload({ waitUntil: 'networkidle' });
        return history.waitFor({ timeout: 10_000 }).then(async () => (await purchase.count()) > 0);
      },
      'the purchase in the account history',
      60_000,
    );
    expect(await purchase.getByTestId('activity-amount').innerText()).toBe('-5');
    expect(await purchase.getByRole('link', { name: title }).getAttribute('href')).toBe(`/gamed/${slug}`);
    await history.locator('tr[data-kind="game_download"]').filter({ hasText: title }).first().waitFor();
  });

  it('the studio settles the sale once its refund window has passed and withdraws its share', async () => {
    const studio = devAccount(studioIndex).address;
    const readBalance = () =>
      publicClient.readContract({
        address: farToken,
        abi: farTokenAbi,
        functionName: 'balanceOf',
        args: [studio],
      });
    const before = await readBalance();
    // Past the player's refund window on the chain's clock (the window was set to one hour).
    await publicClient.request({ method: 'evm_increaseTime' as never, params: [3_601] as never });
    await publicClient.request({ method: 'evm_mine' as never, params: [] as never });

    const { page } = await signedInPage(browser, studioIndex, '/gamed/studio');
    const payout = page.getByTestId('studio-payout');
    await payout.getByTestId('due-purchase').filter({ hasText: title }).waitFor({ timeout: 60_000 });
    await payout.getByRole('button', { name: 'Settle and withdraw' }).click();
    await payout.getByText('Transaction sent; it shows here once mined.').waitFor({ timeout: 120_000 });

    const feeBps = await publicClient.readContract({
      address: licenses,
      abi: gameLicensesAbi,
      functionName: 'platformFeeBps',
    });
    const price = parseEther('5');
    const studioShare = price - (price * BigInt(feeBps)) / 10_000n;
    const after = await until(async () => {
      const balance = await readBalance();
      return balance > before ? balance : undefined;
    }, "the studio's withdrawal");
    // At least this game's share (the demo's own due sales of the studio may settle with it).
    expect(after - before >= studioShare).toBe(true);
    const left = await publicClient.readContract({
      address: licenses,
      abi: gameLicensesAbi,
      functionName: 'studioBalance',
      args: [studio],
    });
    expect(left).toBe(0n);
  });
});
