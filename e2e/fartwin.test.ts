import { devAccount, farTokenAbi } from '@far/contracts';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type Address, createPublicClient, createWalletClient, http, parseEther, toHex } from 'viem';
import { hardhat } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chromiumArgs, chromiumPath } from './chromiumPath';
import { viewports } from './screenshotPages';
import { until } from './until';
import { createWalletBridge } from './wallet/createWalletBridge';
import { injectWallet, testWalletName } from './wallet/injectWallet';

const env = inject('e2e');

// #6 creates and chats with the twin: an account no other browser test or demo seed signs with.
const creatorIndex = 6;
const keyOf = (index: number) => toHex(devAccount(index).getHdKey().privateKey as Uint8Array);
const farOf = (text: string | null) => Number((text ?? '').replace(/[^\d.]/g, '') || 'NaN');

// Waits without a time threshold in the assertion: poll until true or the test's own timeout.

/** Sends dev account `index` FAR from the deployer (#0), who holds the supply on the local chain. */
async function fundWithFar(index: number, amount: bigint) {
  const chain = { ...hardhat, rpcUrls: { default: { http: [env.chainUrl] } } };
  const publicClient = createPublicClient({ chain, transport: http(env.chainUrl) });
  const deployer = createWalletClient({ account: devAccount(0), chain, transport: http(env.chainUrl) });
  const { contracts } = (await (await fetch(`${env.apiUrl}/api/chain`)).json()) as {
    contracts: { farToken: Address };
  };
  const hash = await deployer.writeContract({
    address: contracts.farToken,
    abi: farTokenAbi,
    functionName: 'transfer',
    args: [devAccount(index).address, amount],
  });
  await publicClient.waitForTransactionReceipt({ hash });
}

/** A model some far-node serves now, so the twin's first answer has a node to run on. */
async function servedModel(): Promise<string> {
  return until(async () => {
    const body = (await (await fetch(`${env.apiUrl}/v1/models`)).json()) as {
      data: { id: string; available_nodes: number }[];
    };
    return body.data.find((model) => model.available_nodes > 0 && !model.id.startsWith('twin:'))?.id;
  }, 'a served model');
}

describe.skipIf(env.skipReason !== null)('FarTwin AI in a browser: create a twin, teach it, chat', () => {
  const stamp = Date.now().toString(36);
  const handle = `e2e-twin-${stamp}`;
  // A fact only this document holds, so the citation can only come from it.
  const fact = `The lighthouse keeper of Quillmere island is named Orsolya Vantablack ${stamp}.`;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    await fundWithFar(creatorIndex, parseEther('100'));
    const context = await browser.newContext({ viewport: viewports.desktop });
    await injectWallet(
      context,
      createWalletBridge({ privateKey: keyOf(creatorIndex), rpcUrl: env.chainUrl }),
    );
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('signs in, deposits FAR and authorizes spending', async () => {
    await page.goto(`${env.webUrl}/dashboard`, { waitUntil: 'networkidle' });
    await page.locator('html[data-wallet-ready="true"]').waitFor();
    await page.getByRole('button', { name: 'Connect wallet' }).click();
    await page.getByRole('menuitem', { name: testWalletName }).click();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    const deposited = page.getByTestId('balance-deposited');
    await page.getByTestId('deposit-form').getByRole('textbox').fill('25');
    await page.getByTestId('deposit-form').getByRole('button', { name: 'Deposit' }).click();
    await until(async () => farOf(await deposited.innerText()) >= 25, 'the deposit to reach /api/me');
    const card = page.getByTestId('spending-authorization');
    await card.getByLabel('Cap (FAR)').fill('20');
    await card.getByRole('button', { name: 'Authorize spending' }).click();
    await expect
      .poll(() => card.getByRole('status').innerText(), { timeout: 60_000 })
      .toBe('Spending authorized.');
  });

  it('creates a twin in the studio and uploads a document it indexes', async () => {
    const model = await servedModel();
    await page.goto(`${env.webUrl}/fartwin/studio`, { waitUntil: 'networkidle' });
    const editor = page.getByRole('form', { name: 'Twin editor' });
    await editor.getByLabel(/^Handle/).fill(handle);
    await editor.getByLabel('Name').fill('Quillmere Guide');
    await editor.getByLabel(/^Persona/).fill('A calm guide to Quillmere island who answers from its notes.');
    await editor.getByLabel('Greeting').fill('Welcome to Quillmere.');
    await editor.getByLabel('Base model').selectOption(model);
    expect(await page.getByTestId('twin-prompt-preview').innerText()).toContain(`(twin:${handle})`);
    await editor.getByRole('button', { name: 'Create twin' }).click();
    // Once created, the studio selects the twin and offers its knowledge upload.
    await page.getByTestId('my-twins').getByText('Quillmere Guide').waitFor();

    await page.getByTestId('twin-document-file').setInputFiles({
      name: 'quillmere.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from(`# Quillmere island\n\n## The lighthouse\n\n${fact}\n`),
    });
    const document = page.getByTestId('twin-document').filter({ hasText: 'quillmere' });
    await document.filter({ hasText: 'ready' }).waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('twin-upload-error').count()).toBe(0);
  });

  it('answers a question with a citation of the uploaded passage and the billed cost', async () => {
    await page.getByRole('link', { name: 'Chat with it' }).click();
    await page.getByRole('heading', { name: 'Quillmere Guide' }).waitFor();
    expect(await page.getByTestId('twin-message-assistant').first().innerText()).toContain(
      'Welcome to Quillmere.',
    );
    await page.getByLabel('Message').fill('Who is the lighthouse keeper of Quillmere island?');
    await page.getByRole('button', { name: 'Send' }).click();

    // The demo model's words mean nothing: assert on what the API bills and cites, not the answer.
    const citation = page.getByTestId('twin-citation').first();
    await citation.waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('twin-chat-error').count()).toBe(0);
    await citation.locator('summary').click();
    expect(await citation.innerText()).toContain(`Orsolya Vantablack ${stamp}`);
    const cost = await page.getByTestId('twin-message-cost').first().innerText();
    expect(cost).toMatch(/tokens · .* FAR/);
    expect(cost).not.toMatch(/· 0 FAR/);
  });
});
