import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devAccount } from '@far/contracts';
import { type Browser, chromium } from 'playwright-core';
import { toHex } from 'viem';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signInWithKey } from '../apps/api/src/cli/signInWithKey';
import { type FarNodeProcess, spawnFarNode } from '../apps/api/test/support/spawnFarNode';
import { bondLocalNodes } from '../scripts/demo/bondLocalNodes';
import { chromiumArgs, chromiumPath } from './chromiumPath';
import { until } from './until';
import { openSignedInPage } from './wallet/openSignedInPage';

const env = inject('e2e');
const keyOf = (index: number) => toHex(devAccount(index).getHdKey().privateKey as Uint8Array);
/** A far-node of this test's own: a suspended far-node is refused until resumed, and the other files want theirs. */
const NODE_ID = 'console-e2e';
/**
 * How often, in seconds, the suspended far-node tries to rejoin (far-node's default is 30 s, doubling
 * up to 5 min): every few seconds, so the resumed node is back in seconds, not half a minute.
 */
const SUSPENDED_RETRY_S = '3';

type AdminNode = { nodeId: string; status: string; live: string | null; tasksCompleted: number };

describe.skipIf(env.skipReason !== null)('the operator console in a browser', () => {
  let browser: Browser;
  let stateDir: string;
  let node: FarNodeProcess | undefined;
  let operatorToken: string;

  const startNode = () =>
    spawnFarNode({
      coordinatorUrl: env.apiUrl,
      walletKey: env.walletKey,
      engineArgs: ['--engine', 'llama', '--model', env.modelPath, '--model-id', 'far-demo'],
      stateDir,
      extraArgs: [
        '--node-id',
        NODE_ID,
        '--suspended-retry',
        SUSPENDED_RETRY_S,
        '--suspended-retry-max',
        SUSPENDED_RETRY_S,
      ],
    });
  const readNode = async () => {
    const response = await fetch(`${env.apiUrl}/api/admin/nodes?q=${NODE_ID}`, {
      headers: { authorization: `Bearer ${operatorToken}` },
    });
    const { data } = (await response.json()) as { data: AdminNode[] };
    return data.find((row) => row.nodeId === NODE_ID);
  };

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    stateDir = mkdtempSync(join(tmpdir(), 'far-console-node-'));
    // NodeBond admits a node id only with its owner's bond (the network bonds local-1…local-N).
    await bondLocalNodes({
      chainUrl: env.chainUrl,
      deploymentsFile: env.deploymentsFile,
      nodeIds: [NODE_ID],
      log: () => {},
    });
    node = startNode();
    // Dev account #11 holds the operator role (npm start grants it).
    operatorToken = (await signInWithKey(env.apiUrl, keyOf(11))).accessToken;
    await until(async () => (await readNode())?.live === 'online', 'the console test node to join');
  });

  afterAll(async () => {
    await node?.kill();
    await browser?.close();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  it('shows no Console entry, and no console, to a wallet without a role', async () => {
    // Account #1 owns the nodes but holds no operator role.
    const { context, page } = await openSignedInPage(
      browser,
      { privateKey: env.walletKey, rpcUrl: env.chainUrl },
      `${env.webUrl}/admin`,
    );
    await page.getByTestId('console-no-role').waitFor();
    expect(await page.getByRole('link', { name: 'Console' }).count()).toBe(0);
    await context.close();
  });

  it('lets operator #11 suspend a node, which then receives no task, and resume it; both in the audit log', async () => {
    const { context, page } = await openSignedInPage(
      browser,
      { privateKey: keyOf(11), rpcUrl: env.chainUrl },
      `${env.webUrl}/dashboard`,
    );
    await page.getByRole('link', { name: 'Console' }).click();
    await page.waitForURL(/\/admin$/);
    await page.getByTestId('console-roles').waitFor();
    // Every section an operator sees reads its route: health, the catalogue and the chain levers
    // show their data, and no section shows an error.
    await expect
      .poll(() => page.getByTestId('nodes-by-model').innerText(), { timeout: 30_000 })
      .toContain('far-demo');
    await page.getByRole('button', { name: 'Retire far-demo' }).waitFor();
    await page.getByTestId('paused-farStaking').waitFor();
    await expect
      .poll(() => page.locator('#slashes').innerText(), { timeout: 30_000 })
      .toMatch(/No contested slashes\.|Uphold/);
    const sections = page.locator('#health, #nodes, #models, #users, #slashes, #settlement, #chain, #audit');
    expect(await sections.locator('[role="alert"]').allInnerTexts()).toEqual([]);

    await page.getByLabel('Search nodes').fill(NODE_ID);
    await page.getByLabel('Reason for node actions').fill('e2e: wrong answers to canaries');
    const row = page.locator(`[data-node-id="${NODE_ID}"]`);
    await row.getByRole('button', { name: `Suspend ${NODE_ID}` }).click();
    await expect
      .poll(() => row.getByTestId('node-status').innerText(), { timeout: 60_000 })
      .toBe('suspended');

    // Disconnected (a suspended far-node stays up and retries now and then, refused while
    // suspended), and tasks go elsewhere.
    const before = await until(async () => {
      const row = await readNode();
      return row?.live === null && row;
    }, 'the suspended node to be disconnected');
    // Dev account #2 is the demo user with FAR deposited (#1 owns nodes and has no balance).
    const { accessToken } = await signInWithKey(env.apiUrl, keyOf(2));
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${env.apiUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'far-demo',
          messages: [{ role: 'user', content: 'Hi' }],
          max_tokens: 4,
        }),
      });
      expect(response.status).toBe(200);
    }
    expect((await readNode())?.tasksCompleted).toBe(before?.tasksCompleted);

    await page.getByLabel('Reason for node actions').fill('e2e: owner replaced the weights');
    await row.getByRole('button', { name: `Resume ${NODE_ID}` }).click();
    // Offline until its next retry, or already back if that came first.
    await expect
      .poll(() => row.getByTestId('node-status').innerText(), { timeout: 60_000 })
      .toMatch(/^(offline|online)$/);

    const audit = page.getByTestId('audit-log');
    await audit.locator(`[data-audit-action="node.suspend"][data-audit-target="${NODE_ID}"]`).waitFor();
    await audit.locator(`[data-audit-action="node.resume"][data-audit-target="${NODE_ID}"]`).waitFor();

    // Resumed, the same far-node process is accepted again at its next retry (SUSPENDED_RETRY_S
    // apart), with no restart.
    await until(async () => (await readNode())?.live === 'online', 'the resumed node to rejoin');
    await context.close();
  });
});
