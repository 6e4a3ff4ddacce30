import { devAccount, farTokenAbi, readDeployments, researchEscrowAbi } from '@far/contracts';
import {
  type Address,
  createPublicClient,
  createWalletClient,
  http,
  keccak256,
  parseEther,
  parseEventLogs,
  stringToBytes,
} from 'viem';
import type { DemoSeed } from './DemoSeed.js';
import { signInToApi } from './gamed/signInToApi.js';

/** Dev account #4 is the demo researcher; #5–#7 the review panel (k = 2); #8 and #9 back it. */
const researcher = devAccount(4);
const reviewers = [devAccount(5), devAccount(6), devAccount(7)].map((account) => account.address);
const backers = [
  { account: devAccount(8), amount: parseEther('250') },
  { account: devAccount(9), amount: parseEther('150') },
] as const;
const DAY = 86_400n;

/** The demo proposal's page. Its exact JSON text is what the escrow's metadataHash commits to. */
const metadataJson = JSON.stringify({
  title: 'Closed-loop audio to boost sleep spindles and memory',
  abstract:
    'Sleep spindles, short bursts of 11–16 Hz activity in light sleep, predict how well memories consolidate overnight. We test whether soft sounds timed to the brain’s own slow oscillations increase spindle density and next-day recall, with an open protocol, open data and preregistered analysis.',
  field: 'Neuroscience',
  team: [
    { name: 'Dr. Ada Reyes', role: 'Principal investigator' },
    { name: 'Lin Chen', role: 'Signal-processing engineer' },
    { name: 'Sam Okafor', role: 'Research assistant' },
  ],
  budgetNarrative:
    'Three consumer EEG headsets with open firmware, participant compensation for 70 nights in the lab, and analysis time. Every milestone ends with a public deliverable anchored on chain.',
  milestones: [
    {
      title: 'Pilot and protocol',
      description: 'Ten participants; the closed-loop timing validated; protocol preregistered.',
    },
    {
      title: 'Full study',
      description: 'Sixty participants, two nights each (stimulation and sham), data published.',
    },
    {
      title: 'Analysis and preprint',
      description: 'Preregistered analysis, preprint and code, all anchored on chain.',
    },
  ],
});
const milestoneAmounts = [parseEther('300'), parseEther('400'), parseEther('300')] as const;
const metadataHash = keccak256(stringToBytes(metadataJson));

/**
 * Far DeSci's demo: dev account #4 opens a three-milestone proposal (1,000 FAR, funding open 30 days,
 * panel #5 #6 #7 with k = 2) on ResearchEscrow, publishes its page through the API, and dev accounts #8
 * and #9 back it with 250 and 150 FAR, so the proposal is partly funded and a new user can finish it.
 * The proposal is found again by researcher and metadata hash, each backer by their contribution:
 * a restart changes nothing.
 */
export const desciDemoSeed: DemoSeed = {
  service: 'desci',
  async seed(context) {
    const deployments = await readDeployments(context.deploymentsFile);
    const address = deployments.contracts.researchEscrow;
    if (!address) throw new Error('ResearchEscrow is not in the deployments file');
    const escrow = { address, abi: researchEscrowAbi } as const;
    const publicClient = createPublicClient({ transport: http(context.urls.chain) });
    const send = async (account: (typeof backers)[number]['account'], request: Record<string, unknown>) => {
      const wallet = createWalletClient({ account, transport: http(context.urls.chain) });
      const hash = await wallet.writeContract({ chain: null, ...request } as never);
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`);
      return receipt;
    };

    let proposalId = await findDemoProposal(publicClient, escrow);
    if (proposalId === undefined) {
      const deadline = (await publicClient.getBlock()).timestamp + 30n * DAY;
      const dueDays = [60n, 150n, 240n];
      const receipt = await send(researcher, {
        ...escrow,
        functionName: 'openProposal',
        args: [
          milestoneAmounts.reduce((sum, amount) => sum + amount, 0n),
          deadline,
          milestoneAmounts.map((amount, i) => ({ amount, dueDate: deadline + (dueDays[i] ?? 0n) * DAY })),
          reviewers,
          2n,
          metadataHash,
        ],
      });
      const [opened] = parseEventLogs({
        abi: researchEscrowAbi,
        eventName: 'ProposalOpened',
        logs: receipt.logs,
      });
      if (!opened) throw new Error('openProposal emitted no ProposalOpened');
      proposalId = opened.args.proposalId;
      context.log(`  opened the demo proposal as ${proposalId}`);
    }

    const api = context.urls.api;
    const page = await fetch(`${api}/api/desci/proposals/${proposalId}`);
    if (page.status === 404) {
      const accessToken = await signInToApi(api, researcher, deployments.chainId);
      const created = await fetch(`${api}/api/desci/proposals`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ proposalId: proposalId.toString(), metadataJson }),
      });
      if (!created.ok) throw new Error(`publishing the demo page: ${created.status} ${await created.text()}`);
      context.log('  published its page');
    } else if (!page.ok) throw new Error(`reading the demo page: ${page.status} ${await page.text()}`);

    const status = await publicClient.readContract({
      ...escrow,
      functionName: 'statusOf',
      args: [proposalId],
    });
    if (status !== 0) return; // no longer funding: whatever happened since is the demo's history
    for (const { account, amount } of backers) {
      const given = await publicClient.readContract({
        ...escrow,
        functionName: 'contributionOf',
        args: [proposalId, account.address],
      });
      if (given > 0n) continue;
      await send(account, {
        address: deployments.contracts.farToken,
        abi: farTokenAbi,
        functionName: 'approve',
        args: [address, amount],
      });
      await send(account, { ...escrow, functionName: 'fund', args: [proposalId, amount] });
      context.log(`  ${account.address} backed it with ${amount / 10n ** 18n} FAR`);
    }
  },
};

/** The demo proposal if an earlier start opened it: the researcher's proposal with the demo's hash. */
async function findDemoProposal(
  publicClient: ReturnType<typeof createPublicClient>,
  escrow: { address: Address; abi: typeof researchEscrowAbi },
): Promise<bigint | undefined> {
  const count = await publicClient.readContract({ ...escrow, functionName: 'proposalCount' });
  for (let id = 1n; id <= count; id++) {
    const proposal = await publicClient.readContract({ ...escrow, functionName: 'getProposal', args: [id] });
    if (
      proposal.researcher.toLowerCase() === researcher.address.toLowerCase() &&
      proposal.metadataHash === metadataHash
    ) {
      return id;
    }
  }
  return undefined;
}
