import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signInWithKey } from '../apps/api/src/cli/signInWithKey';
import { chromiumArgs, chromiumPath } from './chromiumPath';
import { allPages, screenshotPages, viewports } from './screenshotPages';
import { until } from './until';
import { createWalletBridge } from './wallet/createWalletBridge';
import { injectWallet, testWalletName } from './wallet/injectWallet';

const env = inject('e2e');
if (env.skipReason) console.warn(`[e2e] skipped: ${env.skipReason}`);

// Waits without a time threshold in the assertion: poll until true or the test's own timeout.

/** Navigates and waits until the wallet-backed UI has hydrated (buttons respond). */
async function open(page: Page, url: string) {
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.locator('html[data-wallet-ready="true"]').waitFor();
}

const farOf = (text: string | null) => Number((text ?? '').replace(/[^\d.]/g, '') || 'NaN');

describe.skipIf(env.skipReason !== null)('Far Labs in a browser with an injected wallet', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let bridge: ReturnType<typeof createWalletBridge>;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    context = await browser.newContext({ viewport: viewports.desktop });
    bridge = createWalletBridge({ privateKey: env.walletKey, rpcUrl: env.chainUrl });
    await injectWallet(context, bridge);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the seven services on the home page', async () => {
    await page.goto(env.webUrl, { waitUntil: 'networkidle' });
    const cards = page.locator('[data-testid="service-grid"] > li');
    expect(await cards.count()).toBe(7);
    const titles = await cards.locator('h3').allInnerTexts();
    expect(titles).toEqual([
      'Far Inference',
      'Farcana Game',
      'Far DeSci',
      'Far GameD',
      'FarTwin AI',
      'Far GPU De-Pin',
      '$FAR Staking',
    ]);
  });

  it('connects the EIP-6963 wallet, treats a rejected signature as a cancel, then signs in', async () => {
    await open(page, `${env.webUrl}/dashboard`);
    await page.getByRole('button', { name: 'Connect wallet' }).click();
    await page.getByRole('menuitem', { name: testWalletName }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();

    bridge.rejectNext('personal_sign');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.getByTestId('session-notice').innerText(), { timeout: 60_000 })
      .toBe('Sign-in cancelled.');
    expect(await page.getByTestId('session-notice').getAttribute('role')).toBe('status');

    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByTestId('balance-deposited').waitFor();
  });

  it('keeps the wallet connected across a reload without a "disconnected" flash', async () => {
    // The server renders from the wagmi cookie: its first HTML already shows the address.
    const html = await (await context.request.get(`${env.webUrl}/dashboard`)).text();
    expect(html).toContain(`${bridge.address.slice(0, 6)}…${bridge.address.slice(-4)}`);
    expect(html).not.toContain('>Connect wallet<');
    await page.reload({ waitUntil: 'networkidle' });
    await page.locator('html[data-wallet-ready="true"]').waitFor();
    // And the refresh cookie restores the SIWE session.
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  });

  it('deposits FAR and sees the ledger balance grow once the indexer catches up', async () => {
    const deposited = page.getByTestId('balance-deposited');
    const before = await until(async () => {
      const value = farOf(await deposited.innerText());
      return Number.isNaN(value) ? undefined : value;
    }, 'the deposited balance');
    await page.getByTestId('deposit-form').getByRole('textbox').fill('25');
    await page.getByTestId('deposit-form').getByRole('button', { name: 'Deposit' }).click();
    await page.locator('[data-testid="pending-transactions"] [data-state]').first().waitFor();
    await until(
      async () => farOf(await deposited.innerText()) >= before + 25,
      'the deposit to reach /api/me',
    );
  });

  it('signs the EIP-712 spending authorization that lets settlement charge the deposit', async () => {
    const card = page.getByTestId('spending-authorization');
    await card.getByLabel('Cap (FAR)').fill('20');
    await card.getByRole('button', { name: 'Authorize spending' }).click();
    await expect
      .poll(() => card.getByRole('status').innerText(), { timeout: 60_000 })
      .toBe('Spending authorized.');
  });

  it('streams a prompt in the playground, token by token, with cost and serving node', async () => {
    await open(page, `${env.webUrl}/inference/playground`);
    await page.getByLabel('Your message').fill('Tell me about GPUs.');
    // Enabled once the models are loaded, one is selected and the session is restored.
    await until(() => page.getByRole('button', { name: 'Run' }).isEnabled(), 'the Run button to enable');
    // Record every text the output shows, as React commits it, to see tokens arrive one by one.
    await page.evaluate(() => {
      const output = document.querySelector('[data-testid="playground-output"]');
      const seen: string[] = [];
      (window as unknown as { __outputs: string[] }).__outputs = seen;
      if (output) {
        new MutationObserver(() => seen.push(output.textContent ?? '')).observe(output, {
          childList: true,
          subtree: true,
          characterData: true,
        });
      }
    });
    await page.getByRole('button', { name: 'Run' }).click();
    await until(
      async () => (await page.getByTestId('run-state').innerText()) === 'Done',
      'the stream to finish',
    );
    const seen = await page.evaluate(() => (window as unknown as { __outputs: string[] }).__outputs);
    const partials = [...new Set(seen)].filter((text) => text && text !== '…');
    const errors = await page.getByTestId('playground-error').allInnerTexts();
    expect(errors, 'the playground reported an error').toEqual([]);
    expect(partials.length, `distinct outputs seen: ${JSON.stringify(partials)}`).toBeGreaterThan(1);
    expect(Number(await page.getByTestId('stat-tokens').innerText())).toBeGreaterThan(0);
    await until(async () => (await page.getByTestId('stat-cost-far').innerText()) !== '—', 'the cost');
    expect(await page.getByTestId('stat-node').innerText()).not.toBe('—');
  });

  it('stakes FAR with a lock tier and shows the staked balance', async () => {
    await open(page, `${env.webUrl}/staking`);
    const staked = page.getByTestId('staked-amount');
    const before = await until(async () => {
      const value = farOf(await staked.innerText());
      return Number.isNaN(value) ? undefined : value;
    }, 'the staked balance');
    await page.getByTestId('stake-form').getByRole('textbox').fill('10');
    await page.getByTestId('stake-form').getByRole('button', { name: 'Stake' }).click();
    await until(async () => farOf(await staked.innerText()) >= before + 10, 'the stake to show');
  });

  it('lists the running far-node on the GPU page', async () => {
    await open(page, `${env.webUrl}/gpu`);
    const node = page.getByTestId('gpu-node').first();
    await node.waitFor();
    expect(await node.getByTestId('node-status').innerText()).not.toBe('');
    // "Run a node" suggests catalogued models a 24 GB card can earn with, and the command serves one.
    const suggested = page.getByTestId('run-node-model').locator('option');
    await until(async () => (await suggested.count()) > 1, 'the catalogue suggestions for 24 GB');
    const model = await page.getByTestId('run-node-model').inputValue();
    expect(await page.getByTestId('run-node-command').innerText()).toContain(`--model-id ${model}`);
  });

  it('creates an API key, shows it once, and revokes it', async () => {
    await open(page, `${env.webUrl}/account`);
    const name = `e2e-${Date.now()}`;
    await page.getByTestId('create-key-form').getByLabel('Name').fill(name);
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = await page.getByTestId('new-key-secret').innerText();
    expect(secret.length).toBeGreaterThan(16);
    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.content()).not.toContain(secret);
    await page.getByRole('button', { name: `Revoke ${name}` }).click();
    const row = page.locator('[data-testid="api-key-list"] li', { hasText: name });
    await row.getByTestId('key-revoked').waitFor();
    // Both changes, and the sign-in before them, are lines of the account's Security & activity.
    const activity = page.getByTestId('user-activity');
    await activity.locator('li[data-type="api_key_revoked"]', { hasText: name }).waitFor();
    await activity.locator('li[data-type="api_key_created"]', { hasText: name }).waitFor();
    await activity.locator('li[data-type="sign_in"]').first().waitFor();
  });

  it('saves a screenshot of every page at desktop and phone width', async () => {
    const files = await screenshotPages(context, env.webUrl);
    expect(files).toHaveLength(allPages.length * Object.keys(viewports).length);
    expect(files.every((file) => existsSync(file))).toBe(true);
  });

  // Last: it kills one of the two far-nodes, and the tests above want the network whole.
  it('keeps a greedy answer flowing, word for word, when its far-node is killed mid-answer', async () => {
    expect(env.nodes.length, 'the browser tests start two far-nodes').toBe(2);
    await until(async () => {
      const models = (await (await fetch(`${env.apiUrl}/v1/models`)).json()) as {
        data: { id: string; available_nodes: number }[];
      };
      return models.data.find((model) => model.id === 'far-demo')?.available_nodes === env.nodes.length;
    }, 'both far-nodes to be online and idle');
    // The wallet owns both nodes; the API's view of their load says which one serves the task.
    const { accessToken } = await signInWithKey(env.apiUrl, env.walletKey);
    const servingNode = async () => {
      const response = await fetch(`${env.apiUrl}/api/nodes/mine`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      const mine = (await response.json()) as { data: { nodeId: string; load: number }[] };
      return env.nodes.find((node) => mine.data.some((row) => row.nodeId === node.nodeId && row.load > 0));
    };

    await open(page, `${env.webUrl}/inference/playground`);
    // Temperature 0 is greedy decoding: the same request gives the same answer on any node.
    const temperature = page.getByLabel(/^Temperature/);
    await temperature.focus();
    await temperature.press('Home');
    expect(await temperature.inputValue()).toBe('0');
    await page.getByLabel('Max tokens').fill('200');
    await page.getByLabel('Your message').fill('Tell me about the river.');
    await until(() => page.getByRole('button', { name: 'Run' }).isEnabled(), 'the Run button to enable');
    const output = page.getByTestId('playground-output');
    const runState = page.getByTestId('run-state');
    const finished = async () => {
      await until(async () => (await runState.innerText()) === 'Done', 'the answer to finish');
      return {
        text: await output.innerText(),
        errors: await page.getByTestId('playground-error').allInnerTexts(),
        node: await until(async () => {
          const node = await page.getByTestId('stat-node').innerText();
          return node !== '—' && node;
        }, 'the serving node'),
      };
    };

    // The reference: the same request, served without a kill.
    await page.getByRole('button', { name: 'Run' }).click();
    const reference = await finished();
    expect(reference.errors, 'the playground reported an error').toEqual([]);
    expect(reference.text.length).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Run' }).click();
    await until(
      async () => (await runState.innerText()) === 'Streaming…' && (await output.innerText()) !== '…',
      'the first tokens on screen',
    );
    const victim = await until(servingNode, 'the node serving the task');
    process.kill(victim.pid, 'SIGKILL');
    const shownAtKill = await output.innerText();
    const resumed = await finished();

    expect(resumed.errors, 'the playground reported an error').toEqual([]);
    expect(resumed.text, 'the answer is the one served without a kill').toBe(reference.text);
    // Tokens kept arriving after the kill, from the other node, which finished the answer.
    expect(reference.text.startsWith(shownAtKill)).toBe(true);
    expect(shownAtKill.length).toBeLessThan(resumed.text.length);
    expect(resumed.node).toBe(env.nodes.find((node) => node !== victim)?.nodeId);
  });
});
