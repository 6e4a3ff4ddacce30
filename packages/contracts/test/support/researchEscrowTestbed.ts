import { type Address, type Hex, maxUint256, parseEther, sha256, stringToHex } from 'viem';
import { afterEach, beforeAll, beforeEach } from 'vitest';
import { publicationRegistryAbi } from '../../src/abi/publicationRegistryAbi.js';
import { researchEscrowAbi } from '../../src/abi/researchEscrowAbi.js';
import {
  milestoneReviewPrimaryType,
  milestoneReviewTypes,
  researchEscrowDomain,
} from '../../src/milestoneReviewTypedData.js';
import { deployFixture, type Fixture } from './deployFixture.js';

export const DAY = 24n * 3600n;
export const BPS = 10_000n;

/**
 * The deployment with Far DeSci's roles: the researcher (user 0), three backers (users 1–3), a panel
 * of three reviewers (users 4–6) and an outsider (user 7). Researcher and backers approved the escrow.
 */
export type ResearchFixture = Fixture & {
  escrow: { address: Address; abi: typeof researchEscrowAbi };
  registry: { address: Address; abi: typeof publicationRegistryAbi };
  researcher: Address;
  backers: [Address, Address, Address];
  reviewers: [Address, Address, Address];
  outsider: Address;
};

async function deployResearchFixture(): Promise<ResearchFixture> {
  const f = await deployFixture();
  const { researchEscrow, publicationRegistry } = f.deployed.serviceContracts;
  if (!researchEscrow || !publicationRegistry)
    throw new Error('deployContracts did not deploy ResearchEscrow');
  const escrow = { address: researchEscrow, abi: researchEscrowAbi } as const;
  const backers: [Address, Address, Address] = [f.user(1), f.user(2), f.user(3)];
  for (const account of [f.user(0), ...backers, f.user(7)])
    await f.approve(account, escrow.address, maxUint256);
  return {
    ...f,
    escrow,
    registry: { address: publicationRegistry, abi: publicationRegistryAbi },
    researcher: f.user(0),
    backers,
    reviewers: [f.user(4), f.user(5), f.user(6)],
    outsider: f.user(7),
  };
}

/**
 * Deploys the research fixture once for the calling `describe` and reverts the chain to a snapshot
 * after every test.
 */
export function useResearchTestbed(onDeployed: (fixture: ResearchFixture) => void) {
  let f: ResearchFixture;
  let snapshot: Hex;
  beforeAll(async () => {
    f = await deployResearchFixture();
    onDeployed(f);
  });
  beforeEach(async () => {
    snapshot = await f.chain.snapshot();
  });
  afterEach(async () => {
    await f.chain.revert(snapshot);
  });
}

export type ProposalOptions = {
  amounts?: bigint[];
  reviewers?: Address[];
  threshold?: bigint;
  /** Seconds from now until the funding deadline. */
  fundingPeriod?: bigint;
  from?: Address;
};

/** A deliverable's SHA-256, as the browser would hash the file's bytes. */
export const deliverableHash = (text: string): Hex => sha256(stringToHex(text));

/**
 * ResearchEscrow's calls as one-liners against the fixture `fixture()` returns when called.
 * @returns open, fund, submit, sign, release, reject and reads of the proposal and FAR balances.
 */
export function researchActions(fixture: () => ResearchFixture) {
  const f = () => fixture();
  const actions = {
    /** Opens a proposal (default: 1,000 + 2,000 FAR, 7-day funding, milestones 30 and 60 days after, 2 of 3). */
    async open(options: ProposalOptions = {}) {
      const x = f();
      const now = await x.chain.latestTimestamp();
      const deadline = now + (options.fundingPeriod ?? 7n * DAY);
      const amounts = options.amounts ?? [parseEther('1000'), parseEther('2000')];
      const milestones = amounts.map((amount, i) => ({
        amount,
        dueDate: deadline + BigInt(i + 1) * 30n * DAY,
      }));
      const goal = amounts.reduce((a, b) => a + b, 0n);
      const reviewers = options.reviewers ?? x.reviewers;
      await x.write(options.from ?? x.researcher, {
        ...x.escrow,
        functionName: 'openProposal',
        args: [goal, deadline, milestones, reviewers, options.threshold ?? 2n, deliverableHash('proposal')],
      });
      const id = await x.read({ ...x.escrow, functionName: 'proposalCount' });
      return { id, goal, deadline, milestones };
    },
    fund: (backer: Address, id: bigint, amount: bigint) =>
      f().write(backer, { ...f().escrow, functionName: 'fund', args: [id, amount] }),
    submit: (id: bigint, index: bigint, hash: Hex, from?: Address) =>
      f().write(from ?? f().researcher, {
        ...f().escrow,
        functionName: 'submitDeliverable',
        args: [id, index, hash, `Milestone ${index}`, `https://example.org/${hash}`],
      }),
    /** A reviewer's EIP-712 decision; `domain` overrides the chain id or contract (replay attacks). */
    sign: (
      reviewer: Address,
      message: { id: bigint; index: bigint; hash: Hex; approved: boolean },
      domain: { chainId?: number; verifyingContract?: Address } = {},
    ) =>
      f()
        .chain.walletFor(reviewer)
        .signTypedData({
          account: reviewer,
          domain: researchEscrowDomain(
            domain.chainId ?? 31337,
            domain.verifyingContract ?? f().escrow.address,
          ),
          types: milestoneReviewTypes,
          primaryType: milestoneReviewPrimaryType,
          message: {
            proposalId: message.id,
            milestoneIndex: message.index,
            deliverableHash: message.hash,
            approved: message.approved,
          },
        }),
    /** Signatures of the same decision by each of `reviewers`. */
    async signAll(
      reviewers: Address[],
      message: { id: bigint; index: bigint; hash: Hex; approved: boolean },
    ) {
      const signatures: Hex[] = [];
      for (const reviewer of reviewers) signatures.push(await actions.sign(reviewer, message));
      return signatures;
    },
    release: (id: bigint, index: bigint, signatures: Hex[], from?: Address) =>
      f().write(from ?? f().researcher, {
        ...f().escrow,
        functionName: 'releaseMilestone',
        args: [id, index, signatures],
      }),
    reject: (id: bigint, index: bigint, signatures: Hex[], from?: Address) =>
      f().write(from ?? f().outsider, {
        ...f().escrow,
        functionName: 'rejectMilestone',
        args: [id, index, signatures],
      }),
    /** One of the escrow's calls that take only the proposal id, from `from`. */
    byId: (
      functionName: 'withdrawUnfunded' | 'withdrawRemainder' | 'cancelProposal' | 'failOverdueMilestone',
      from: Address,
      id: bigint,
    ) => f().send(f().escrow, from, functionName, [id]),
    proposal: (id: bigint) => f().read({ ...f().escrow, functionName: 'getProposal', args: [id] }),
    milestones: (id: bigint) => f().read({ ...f().escrow, functionName: 'getMilestones', args: [id] }),
    farOf: (account: Address) => f().balanceOf(account),
  };
  return actions;
}
