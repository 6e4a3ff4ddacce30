import {
  devAccount,
  farTokenAbi,
  milestoneReviewPrimaryType,
  milestoneReviewTypes,
  researchEscrowAbi,
  researchEscrowDomain,
} from '@far/contracts';
import { type Browser, chromium, type Page } from 'playwright-core';
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
  toHex,
} from 'viem';
import { hardhat } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signInWithKey } from '../apps/api/src/cli/signInWithKey';
import { chromiumArgs, chromiumPath } from './chromiumPath';
import { until } from './until';
import { openSignedInPage } from './wallet/openSignedInPage';

const env = inject('e2e');

const keyOf = (index: number) => toHex(devAccount(index).getHdKey().privateKey as Uint8Array);
// The demo's roles (scripts/demo/seedDesciDemo.ts): #4 researches, #5–#7 review (k = 2), #8 and #9 back.
const researcher = devAccount(4);
const reviewers = [devAccount(5), devAccount(6), devAccount(7)];
const backers = [devAccount(8), devAccount(9)];

// Waits without a time threshold in the assertion: poll until true or the test's own timeout.

/** A browser context whose injected wallet holds dev account `index`, connected and signed in on `path`. */
const signedInPage = (browser: Browser, index: number, path: string) =>
  openSignedInPage(browser, { privateKey: keyOf(index), rpcUrl: env.chainUrl }, `${env.webUrl}${path}`);

type ApiMilestone = { status: string; outcome: string; reviews: { body: string | null }[] };
async function readProposal(proposalId: string) {
  const response = await fetch(`${env.apiUrl}/api/desci/proposals/${proposalId}`);
  return (await response.json()) as { status: string; raisedWei: string; milestones: ApiMilestone[] };
}

describe.skipIf(env.skipReason !== null)('Far DeSci in a browser: fund, review, release', () => {
  const chain = { ...hardhat, rpcUrls: { default: { http: [env.chainUrl] } } };
  const publicClient = createPublicClient({ chain, transport: http(env.chainUrl) });
  const title = `Spindle replication ${Date.now()}`;
  let browser: Browser;
  let researcherPage: Page;
  let proposalId: string;
  let escrow: Address;
  let farToken: Address;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    const contracts = (await (await fetch(`${env.apiUrl}/api/desci/contracts`)).json()) as {
      researchEscrow: Address;
    };
    escrow = contracts.researchEscrow;
    const chainInfo = (await (await fetch(`${env.apiUrl}/api/chain`)).json()) as {
      contracts: { farToken: Address };
    };
    farToken = chainInfo.contracts.farToken;
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('lists the demo proposal, partly funded by two dev accounts', async () => {
    const list = (await (await fetch(`${env.apiUrl}/api/desci/proposals`)).json()) as {
      data: { researcher: string; status: string; raisedWei: string; goalWei: string }[];
    };
    const demo = list.data.find((p) => p.researcher.toLowerCase() === researcher.address.toLowerCase());
    expect(demo).toMatchObject({ status: 'funding', raisedWei: parseEther('400').toString() });
  });

  it('a researcher opens a proposal from the web app with a 2-of-3 panel', async () => {
    ({ page: researcherPage } = await signedInPage(browser, 4, '/desci/researcher'));
    const form = researcherPage.getByTestId('create-proposal');
    await form.getByLabel('Title', { exact: true }).fill(title);
    await form.getByLabel('Abstract').fill('Does closed-loop audio raise spindle density? A replication.');
    await form.getByLabel('Team (one a line: Name — role)').fill('Ada Reyes — Principal investigator');
    await form.getByLabel('Budget narrative').fill('EEG headsets and participant time.');
    await form.getByLabel('Reviewers (wallets, one a line)').fill(reviewers.map((r) => r.address).join('\n'));
    await form.getByLabel('Milestone 1 title').fill('Pilot');
    await form.getByLabel('Description').first().fill('Ten participants.');
    await form.getByLabel('Amount (FAR)').first().fill('30');
    await form.getByLabel('Due (days after funding closes)').first().fill('30');
    await form.getByLabel('Milestone 2 title').fill('Full study');
    await form.getByLabel('Description').nth(1).fill('Sixty participants.');
    await form.getByLabel('Amount (FAR)').nth(1).fill('20');
    await form.getByLabel('Due (days after funding closes)').nth(1).fill('90');
    await form.getByRole('button', { name: 'Open proposal' }).click();
    await expect
      .poll(() => form.getByRole('status').innerText(), { timeout: 120_000 })
      .toBe('Proposal opened and its page published.');
    const found = (await (
      await fetch(`${env.apiUrl}/api/desci/proposals?q=${encodeURIComponent(title)}`)
    ).json()) as {
      data: { proposalId: string; goalWei: string }[];
    };
    expect(found.data).toHaveLength(1);
    expect(found.data[0]?.goalWei).toBe(parseEther('50').toString());
    proposalId = found.data[0]?.proposalId ?? '';
  });

  it('two backers fund it to its goal', async () => {
    for (const [i, backer] of backers.entries()) {
      const wallet = createWalletClient({ account: backer, chain, transport: http(env.chainUrl) });
      const amount = parseEther(i === 0 ? '20' : '30');
      for (const request of [
        { address: farToken, abi: farTokenAbi, functionName: 'approve', args: [escrow, amount] },
        { address: escrow, abi: researchEscrowAbi, functionName: 'fund', args: [BigInt(proposalId), amount] },
      ]) {
        await publicClient.waitForTransactionReceipt({ hash: await wallet.writeContract(request as never) });
      }
    }
    await researcherPage.goto(`${env.webUrl}/desci/${proposalId}`, { waitUntil: 'networkidle' });
    await expect
      .poll(() => researcherPage.getByTestId('proposal-status').textContent(), { timeout: 60_000 })
      .toBe('funded');
    // The status and the backers come from different indexed events: the list may be a beat behind
    // (an empty list shows one "No backers yet" item), so the page is read again until it lists both.
    await expect
      .poll(
        async () => {
          await researcherPage.reload({ waitUntil: 'networkidle' });
          return researcherPage.getByTestId('backers').locator('li').allTextContents();
        },
        { timeout: 60_000, interval: 500 },
      )
      .toHaveLength(2);
    expect(await researcherPage.getByTestId('backers').innerText()).not.toContain('No backers yet');
  });

  it('the researcher submits the first deliverable, hashed in the browser', async () => {
    await researcherPage.goto(`${env.webUrl}/desci/researcher`, { waitUntil: 'networkidle' });
    const card = researcherPage.getByTestId('my-proposal').filter({ hasText: title });
    await card.getByLabel('Deliverable file (hashed on your device, never uploaded)').setInputFiles({
      name: 'pilot-report.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(`Pilot report for ${title}: ten participants, spindle density +12%.`),
    });
    await card.getByLabel('Where reviewers can read it (link)').fill('https://example.org/pilot-report.txt');
    await card.getByRole('button', { name: 'Submit deliverable' }).click();
    await until(
      async () => (await readProposal(proposalId)).milestones[0]?.status === 'submitted',
      'the deliverable',
    );
  });

  it('one reviewer approves in the web app, a second through the API; the text stays private until then', async () => {
    const { page } = await signedInPage(browser, 5, '/desci/reviews');
    const item = page.getByTestId('review-queue').locator('li').filter({ hasText: title });
    await item.getByRole('textbox').fill('The pilot protocol is sound and the report matches the plan.');
    await item.getByRole('button', { name: 'Approve and sign' }).click();
    await expect
      .poll(() => item.getByRole('status').innerText(), { timeout: 60_000 })
      .toBe('Review signed and recorded.');
    expect((await readProposal(proposalId)).milestones[0]?.reviews).toEqual([
      expect.objectContaining({ body: null }),
    ]);

    const second = reviewers[1];
    if (!second) throw new Error('three reviewers');
    const { accessToken } = await signInWithKey(env.apiUrl, keyOf(6));
    const milestone = (await readProposal(proposalId)).milestones[0] as ApiMilestone & {
      deliverableHash: Hex;
    };
    const signature = await second.signTypedData({
      domain: researchEscrowDomain(31337, escrow),
      types: milestoneReviewTypes,
      primaryType: milestoneReviewPrimaryType,
      message: {
        proposalId: BigInt(proposalId),
        milestoneIndex: 0n,
        deliverableHash: milestone.deliverableHash,
        approved: true,
      },
    });
    const answer = await fetch(`${env.apiUrl}/api/desci/proposals/${proposalId}/milestones/0/reviews`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ approved: true, body: 'Agreed: release the pilot funds.', signature }),
    });
    expect(await answer.json()).toMatchObject({ outcome: 'approved' });
  });

  it('the researcher releases the first milestone and is paid, less the platform fee', async () => {
    const balance = () =>
      publicClient.readContract({
        address: farToken,
        abi: farTokenAbi,
        functionName: 'balanceOf',
        args: [researcher.address],
      });
    const before = await balance();
    await researcherPage.goto(`${env.webUrl}/desci/researcher`, { waitUntil: 'networkidle' });
    const card = researcherPage.getByTestId('my-proposal').filter({ hasText: title });
    await card.getByRole('button', { name: 'Release funds' }).click();
    await until(
      async () => (await readProposal(proposalId)).milestones[0]?.status === 'released',
      'the release',
    );
    // 30 FAR less the 5 % fee the escrow was deployed with.
    expect((await balance()) - before).toBe(parseEther('28.5'));
    await researcherPage.goto(`${env.webUrl}/desci/${proposalId}`, { waitUntil: 'networkidle' });
    const milestone = researcherPage.getByTestId('milestone-0');
    await expect
      .poll(() => milestone.getByTestId('milestone-status').innerText(), { timeout: 60_000 })
      .toMatch(/released/i);
    expect(await milestone.getByTestId('review').count()).toBe(2);
  });

  it('the researcher cancels a proposal from the web app and its backer withdraws everything back', async () => {
    const wallet = createWalletClient({ account: researcher, chain, transport: http(env.chainUrl) });
    const metadataJson = JSON.stringify({
      title: `Cancelled ${title}`,
      abstract: 'Opened, backed, then withdrawn by its researcher before the goal.',
      field: 'Neuroscience',
      team: [{ name: 'Ada Reyes', role: 'Principal investigator' }],
      budgetNarrative: 'None spent.',
      milestones: [{ title: 'Only milestone', description: 'Never started.' }],
    });
    const deadline = BigInt(Math.floor(Date.now() / 1000) + 7 * 86_400);
    const opened = await publicClient.waitForTransactionReceipt({
      hash: await wallet.writeContract({
        address: escrow,
        abi: researchEscrowAbi,
        functionName: 'openProposal',
        args: [
          parseEther('10'),
          deadline,
          [{ amount: parseEther('10'), dueDate: deadline + 30n * 86_400n }],
          reviewers.map((r) => r.address),
          2n,
          keccak256(stringToBytes(metadataJson)),
        ],
      }),
    });
    const [event] = parseEventLogs({
      abi: researchEscrowAbi,
      eventName: 'ProposalOpened',
      logs: opened.logs,
    });
    const id = event?.args.proposalId ?? 0n;
    const { accessToken } = await signInWithKey(env.apiUrl, keyOf(4));
    const published = await fetch(`${env.apiUrl}/api/desci/proposals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ proposalId: id.toString(), metadataJson }),
    });
    expect(published.status).toBe(201);
    const backer = backers[0];
    if (!backer) throw new Error('two backers');
    const backerWallet = createWalletClient({ account: backer, chain, transport: http(env.chainUrl) });
    for (const request of [
      { address: farToken, abi: farTokenAbi, functionName: 'approve', args: [escrow, parseEther('4')] },
      { address: escrow, abi: researchEscrowAbi, functionName: 'fund', args: [id, parseEther('4')] },
    ]) {
      await publicClient.waitForTransactionReceipt({
        hash: await backerWallet.writeContract(request as never),
      });
    }

    const { page: backerPage } = await signedInPage(browser, 8, `/desci/${id}`);
    const withdraw = backerPage.getByTestId('withdraw').getByRole('button');
    // While funding, the backer's withdraw button is there but disabled, with the reason.
    await expect.poll(() => withdraw.isDisabled(), { timeout: 60_000 }).toBe(true);
    await expect.poll(() => backerPage.getByTestId('withdraw').innerText()).toMatch(/stays in escrow/);

    await researcherPage.goto(`${env.webUrl}/desci/${id}`, { waitUntil: 'networkidle' });
    await researcherPage.getByRole('button', { name: 'Cancel proposal' }).click();
    await researcherPage.getByRole('button', { name: 'Yes, cancel the proposal' }).click();
    await expect
      .poll(() => researcherPage.getByTestId('proposal-status').textContent(), { timeout: 60_000 })
      .toBe('cancelled');

    const balance = () =>
      publicClient.readContract({
        address: farToken,
        abi: farTokenAbi,
        functionName: 'balanceOf',
        args: [backer.address],
      });
    const before = await balance();
    await expect.poll(() => withdraw.innerText(), { timeout: 60_000 }).toBe('Withdraw my FAR (4 FAR)');
    await withdraw.click();
    await until(async () => {
      const response = await fetch(`${env.apiUrl}/api/desci/proposals/${id}`);
      const { backers: shown } = (await response.json()) as { backers: { contributionWei: string }[] };
      return shown[0]?.contributionWei === '0';
    }, 'the withdrawal');
    expect((await balance()) - before).toBe(parseEther('4'));
  });
});
