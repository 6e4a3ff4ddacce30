import { devAccount, nodeBondAbi, nodeBondKey } from '@far/contracts';
import { type Browser, chromium } from 'playwright-core';
import { type Address, createPublicClient, http, parseEther, toHex } from 'viem';
import { hardhat } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chromiumArgs, chromiumPath } from './chromiumPath';
import { until } from './until';
import { openSignedInPage } from './wallet/openSignedInPage';

const env = inject('e2e');

// #7 holds 100,000 FAR on the local chain and no role: a new GPU provider.
const providerIndex = 7;
const keyOf = (index: number) => toHex(devAccount(index).getHdKey().privateKey as Uint8Array);

describe.skipIf(env.skipReason !== null)(
  'node bonds in a browser: bond FAR for a node from the GPU page',
  () => {
    let browser: Browser;
    const chain = { ...hardhat, rpcUrls: { default: { http: [env.chainUrl] } } };
    const publicClient = createPublicClient({ chain, transport: http(env.chainUrl) });

    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('bonds the class minimum for a new node id with one wallet transaction, and shows it admitted', async () => {
      const nodeId = `e2e-bond-${Date.now().toString(36)}`;
      const { nodeBond } = (await (await fetch(`${env.apiUrl}/api/bonds`)).json()) as { nodeBond: Address };
      const { page } = await openSignedInPage(
        browser,
        { privateKey: keyOf(providerIndex), rpcUrl: env.chainUrl },
        `${env.webUrl}/gpu`,
      );
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
  },
);
