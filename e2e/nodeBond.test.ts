import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { devAccount, nodeBondAbi, nodeBondKey } from '@far/contracts';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type Address, createPublicClient, http, parseEther, toHex } from 'viem';
import { hardhat } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signInWithKey } from '../apps/api/src/cli/signInWithKey';
import { chromiumArgs, chromiumPath } from './chromiumPath';
import { until } from './until';
import { openSignedInPage } from './wallet/openSignedInPage';

const env = inject('e2e');

// #7 holds 100,000 FAR on the local chain and no role: a new GPU provider.
const providerIndex = 7;
// #11 holds the operator role locally (SEED_LOCAL_OPERATOR_ROLES): the console's suspend / resume.
const operatorIndex = 11;
const keyOf = (index: number) => toHex(devAccount(index).getHdKey().privateKey as Uint8Array);
// The far-node CLI itself (not through tsx), so a signal reaches the agent.
const farNodeBin = fileURLToPath(new URL('../apps/node/bin/far-node.js', import.meta.url));

type MyNode = { nodeId: string; status: string; tasksCompleted: number };

describe.skipIf(env.skipReason !== null)(
  'node bonds in a browser: bond FAR for a node from the GPU page',
  () => {
    let browser: Browser;
    // The first test bonds for this node id on the GPU page; the second runs a far-node with it.
    const nodeId = `e2e-bond-${Date.now().toString(36)}`;
    let page: Page | undefined;
    let farNode: ChildProcess | undefined;
    let output = '';
    const stateDir = mkdtempSync(join(tmpdir(), 'far-e2e-bonded-node-'));
    const chain = { ...hardhat, rpcUrls: { default: { http: [env.chainUrl] } } };
    const publicClient = createPublicClient({ chain, transport: http(env.chainUrl) });

    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    });
    afterAll(async () => {
      if (farNode && farNode.exitCode === null && farNode.signalCode === null) {
        const exited = new Promise((resolve) => farNode?.once('exit', resolve));
        farNode.kill('SIGKILL');
        await exited;
      }
      rmSync(stateDir, { recursive: true, force: true });
      await browser?.close();
    });

    it('bonds the class minimum for a new node id with one wallet transaction, and shows it admitted', async () => {
      const { nodeBond } = (await (await fetch(`${env.apiUrl}/api/bonds`)).json()) as { nodeBond: Address };
      ({ page } = await openSignedInPage(
        browser,
        { privateKey: keyOf(providerIndex), rpcUrl: env.chainUrl },
        `${env.webUrl}/gpu`,
      ));
      await page.getByLabel("Node id (far-node's --node-id)").fill(nodeId);
      await page.getByLabel('VRAM class it claims').selectOption('0');
      const form = page.getByTestId('bond-form');
      await form.getByRole('textbox').fill('100');
      await form.getByRole('button', { name: 'Bond' }).click();
      const bond = await until(async () => {
        const record = await publicClient.readContract({
          address: nodeBond,
          abi: nodeBondAbi,
          functionName: 'bondOf',
          args: [devAccount(providerIndex).address, nodeBondKey(nodeId)],
        });
        return record.amount > 0n && record;
      }, 'the bond on chain');
      expect(bond).toMatchObject({ amount: parseEther('100'), vramClass: 0 });
      await page
        .getByTestId(`bond-${nodeId}`)
        .getByText('Bonded: the node may serve')
        .waitFor({ timeout: 120_000 });
    });

    it('then a far-node with that id joins, serves a far-demo completion, and the GPU page shows its uptime, score inputs and audit record', async () => {
      if (!page) throw new Error('the bond test did not open the GPU page');
      // The provider runs far-node with the id it bonded for, claiming 8 GB (VRAM class 0, as bonded).
      farNode = spawn(
        process.execPath,
        [
          farNodeBin,
          ...['--coordinator', env.apiUrl, '--wallet-key', keyOf(providerIndex), '--engine', 'llama'],
          ...['--model', env.modelPath, '--model-id', 'far-demo', '--node-id', nodeId],
          ...['--state-dir', stateDir, '--vram-gb', '8', '--gpu-name', 'E2E bonded GPU'],
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      for (const stream of [farNode.stdout, farNode.stderr]) stream?.on('data', (chunk) => (output += chunk));
      const provider = await signInWithKey(env.apiUrl, keyOf(providerIndex));
      const readMine = async () => {
        const response = await fetch(`${env.apiUrl}/api/nodes/mine`, {
          headers: { authorization: `Bearer ${provider.accessToken}` },
        });
        const mine = (await response.json()) as { data: MyNode[] };
        return mine.data.find((node) => node.nodeId === nodeId);
      };
      const joined = await until(
        async () =>
          farNode?.exitCode !== null ? 'exited' : (await readMine())?.status === 'online' && 'online',
        `far-node ${nodeId} to join`,
      ).catch((error: Error) => {
        throw new Error(`${error.message}; its output:\n${output}`);
      });
      if (joined === 'exited') throw new Error(`far-node exited before it joined:\n${output}`);

      // The demo user's completions, a few at once so that every node, the new one included, gets
      // one; until the new node has served at least one.
      const user = await signInWithKey(env.apiUrl, keyOf(2));
      const complete = async (i: number) => {
        const response = await fetch(`${env.apiUrl}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${user.accessToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            model: 'far-demo',
            messages: [{ role: 'user', content: `Say something about bonds, ${i}.` }],
            max_tokens: 4,
            temperature: 0,
          }),
        });
        expect(response.status).toBe(200);
        const body = (await response.json()) as { choices: { message: { content: string } }[] };
        expect(body.choices[0]?.message.content.length).toBeGreaterThan(0);
      };
      let sent = 0;
      const served = await until(async () => {
        await Promise.all(Array.from({ length: 4 }, () => complete(sent++)));
        const node = await readMine();
        return node !== undefined && node.tasksCompleted > 0 && node;
      }, `far-node ${nodeId} to serve a completion`);
      expect(served.tasksCompleted).toBeGreaterThan(0);

      // The GPU page: the provider's node card (status, tasks, audit record) and its score row.
      await page.reload({ waitUntil: 'networkidle' });
      const card = page.locator(`[data-testid="gpu-node"][data-node-id="${nodeId}"]`);
      await card.getByTestId('node-status').getByText('online').waitFor({ timeout: 120_000 });
      await card
        .getByTestId('node-audits')
        .getByText(/^Audits /)
        .waitFor();
      const row = page.locator(`[data-testid="node-score-row"][data-node-id="${nodeId}"]`);
      await row.waitFor({ timeout: 120_000 });
      await expect.poll(() => row.getByTestId('node-uptime').innerText()).toMatch(/\d+(\.\d+)? ?%/);
      expect(await row.getByTestId('node-score').innerText()).toMatch(/^\d+(\.\d)?$/);
      expect(await row.innerText()).toMatch(/tasks in 24 h/);
    });

    it('when an operator suspends it, far-node waits and rejoins by itself once resumed', async () => {
      if (!page || !farNode) throw new Error('the serving test did not start the node');
      const operator = await signInWithKey(env.apiUrl, keyOf(operatorIndex));
      const act = async (action: 'suspend' | 'resume', reason: string) => {
        const response = await fetch(`${env.apiUrl}/api/admin/nodes/${nodeId}/${action}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${operator.accessToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ reason }),
        });
        expect(response.status, await response.clone().text()).toBe(200);
      };
      await act('suspend', 'e2e: checking the weights');
      await until(async () => output.includes('suspended by the network'), 'far-node to log its suspension');
      expect(farNode.exitCode, 'a suspended far-node stays up').toBeNull();
      await page.reload({ waitUntil: 'networkidle' });
      const card = page.locator(`[data-testid="gpu-node"][data-node-id="${nodeId}"]`);
      await card.getByTestId('node-suspension').getByText('e2e: checking the weights').waitFor();

      await act('resume', 'e2e: weights fine');
      const provider = await signInWithKey(env.apiUrl, keyOf(providerIndex));
      // Its first retry comes 30 s after the suspension (then 1 min, 2 min, … up to 5 min).
      await until(async () => {
        const response = await fetch(`${env.apiUrl}/api/nodes/mine`, {
          headers: { authorization: `Bearer ${provider.accessToken}` },
        });
        const mine = (await response.json()) as { data: MyNode[] };
        return mine.data.find((node) => node.nodeId === nodeId)?.status === 'online';
      }, `far-node ${nodeId} to rejoin after the resume`);
      expect(farNode.exitCode).toBeNull();
    });
  },
);
