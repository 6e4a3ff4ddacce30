/**
 * ResearchEscrow's lifecycle: opening (terms checked), all-or-nothing funding capped at the goal,
 * refunds in full when unfunded or cancelled, and k-of-n release with the fee split between FARStaking
 * (revenue source `desci`) and the treasury.
 */
import { type Address, parseEther } from 'viem';
import { describe, expect, it } from 'vitest';
import { farTokenDomain } from '../src/farTokenDomain.js';
import { revenueSourceId } from '../src/revenueSourceId.js';
import { signPermit } from '../src/signPermit.js';
import { expectRevert } from './support/deployFixture.js';
import {
  BPS,
  DAY,
  deliverableHash,
  type ResearchFixture,
  researchActions,
  useResearchTestbed,
} from './support/researchEscrowTestbed.js';

describe('ResearchEscrow funding', () => {
  let f: ResearchFixture;
  useResearchTestbed((fixture) => {
    f = fixture;
  });
  const x = researchActions(() => f);

  it('refuses terms that do not add up: milestones off the goal, k above n, a reviewer twice, the researcher on the panel', async () => {
    const now = await f.chain.latestTimestamp();
    const deadline = now + 7n * DAY;
    const due = deadline + 30n * DAY;
    const open = (goal: bigint, reviewers: Address[], threshold: bigint, dueDate = due) =>
      f.write(f.researcher, {
        ...f.escrow,
        functionName: 'openProposal',
        args: [
          goal,
          deadline,
          [{ amount: parseEther('10'), dueDate }],
          reviewers,
          threshold,
          deliverableHash('p'),
        ],
      });
    await expectRevert(open(parseEther('11'), f.reviewers, 2n), 'InvalidTerms');
    await expectRevert(open(parseEther('10'), f.reviewers, 4n), 'InvalidTerms');
    await expectRevert(open(parseEther('10'), f.reviewers, 0n), 'InvalidTerms');
    await expectRevert(open(parseEther('10'), [f.reviewers[0], f.reviewers[0]], 1n), 'InvalidTerms');
    await expectRevert(open(parseEther('10'), [f.researcher], 1n), 'InvalidTerms');
    await expectRevert(open(parseEther('10'), f.reviewers, 2n, deadline), 'InvalidTerms');
    await open(parseEther('10'), f.reviewers, 2n);
    expect(await f.read({ ...f.escrow, functionName: 'proposalCount' })).toBe(1n);
  });

  it('accepts no more than the goal: the backer who overshoots pays only what was missing', async () => {
    const { id, goal } = await x.open();
    await x.fund(f.backers[0], id, parseEther('2500'));
    const before = await x.farOf(f.backers[1]);
    await x.fund(f.backers[1], id, parseEther('2000'));
    expect(before - (await x.farOf(f.backers[1]))).toBe(goal - parseEther('2500'));
    const proposal = await x.proposal(id);
    expect(proposal.raised).toBe(goal);
    expect(proposal.status).toBe(1); // Funded
    await expectRevert(x.fund(f.backers[2], id, 1n), 'WrongStatus');
  });

  it('after a missed deadline every backer takes back exactly what they gave, once', async () => {
    const { id } = await x.open();
    await x.fund(f.backers[0], id, parseEther('700'));
    await x.fund(f.backers[1], id, parseEther('333.333333333333333333'));
    await x.fund(f.backers[0], id, parseEther('1'));
    await expectRevert(x.byId('withdrawUnfunded', f.backers[0], id), 'FundingStillOpen');
    await f.chain.increaseTime(8n * DAY);
    expect(await f.read({ ...f.escrow, functionName: 'statusOf', args: [id] })).toBe(4); // Unfunded
    await expectRevert(x.fund(f.backers[2], id, 1n), 'FundingClosed');
    for (const [backer, gave] of [
      [f.backers[0], parseEther('701')],
      [f.backers[1], parseEther('333.333333333333333333')],
    ] as const) {
      const before = await x.farOf(backer);
      await x.byId('withdrawUnfunded', backer, id);
      expect((await x.farOf(backer)) - before).toBe(gave);
      await expectRevert(x.byId('withdrawUnfunded', backer, id), 'NothingToWithdraw');
    }
    expect(await x.farOf(f.escrow.address)).toBe(0n);
  });

  it('a cancelled proposal refunds its backers in full at once; only the researcher may cancel', async () => {
    const { id } = await x.open();
    await x.fund(f.backers[0], id, parseEther('50'));
    await expectRevert(x.byId('cancelProposal', f.outsider, id), 'NotResearcher');
    await x.byId('cancelProposal', f.researcher, id);
    const before = await x.farOf(f.backers[0]);
    await x.byId('withdrawUnfunded', f.backers[0], id);
    expect((await x.farOf(f.backers[0])) - before).toBe(parseEther('50'));
  });
});

describe('ResearchEscrow permit, pause and platform terms', () => {
  let f: ResearchFixture;
  useResearchTestbed((fixture) => {
    f = fixture;
  });
  const x = researchActions(() => f);

  it('funds with an EIP-2612 permit instead of an approval; a replayed permit is ignored and the pull then fails', async () => {
    const { id } = await x.open();
    const carol = f.user(8);
    const deadline = (await f.chain.latestTimestamp()) + 3600n;
    const { v, r, s } = await signPermit(
      f.chain.walletFor(carol).signTypedData,
      farTokenDomain(31337, f.token.address),
      {
        owner: carol,
        spender: f.escrow.address,
        value: parseEther('25'),
        nonce: 0n,
        deadline,
      },
    );
    const fundWithPermit = () =>
      f.write(carol, {
        ...f.escrow,
        functionName: 'fundWithPermit',
        args: [id, parseEther('25'), deadline, v, r, s],
      });
    await fundWithPermit();
    expect(await f.read({ ...f.escrow, functionName: 'contributionOf', args: [id, carol] })).toBe(
      parseEther('25'),
    );
    await expectRevert(fundWithPermit(), 'ERC20InsufficientAllowance');
  });

  it('pausing stops new proposals and funding but never refunds; later platform terms leave an opened proposal alone', async () => {
    const { id } = await x.open();
    await x.fund(f.backers[0], id, parseEther('10'));
    await f.write(f.admin, { ...f.escrow, functionName: 'setPlatformTerms', args: [1_000n, 0n, 0n] });
    await f.write(f.admin, { ...f.escrow, functionName: 'pause' });
    await expectRevert(x.open(), 'EnforcedPause');
    await expectRevert(x.fund(f.backers[1], id, 1n), 'EnforcedPause');
    await x.byId('cancelProposal', f.researcher, id);
    await x.byId('withdrawUnfunded', f.backers[0], id);
    const proposal = await x.proposal(id);
    expect([proposal.feeBps, proposal.stakerShareBps, proposal.gracePeriod]).toEqual([
      500,
      5_000,
      14 * 86_400,
    ]);
    await expectRevert(
      f.write(f.admin, { ...f.escrow, functionName: 'setPlatformTerms', args: [1_001n, 0n, 0n] }),
      'FeeTooHigh',
    );
    await expectRevert(
      f.write(f.outsider, { ...f.escrow, functionName: 'setPlatformTerms', args: [0n, 0n, 0n] }),
      'AccessControlUnauthorizedAccount',
    );
  });
});

describe('ResearchEscrow k-of-n release', () => {
  let f: ResearchFixture;
  useResearchTestbed((fixture) => {
    f = fixture;
  });
  const x = researchActions(() => f);

  async function fundedProposal() {
    const opened = await x.open();
    await x.fund(f.backers[0], opened.id, parseEther('1200'));
    await x.fund(f.backers[1], opened.id, parseEther('1800'));
    return opened;
  }

  it('pays the researcher the milestone less the fee after two of three approve, the stakers their part through FARStaking as desci', async () => {
    const { id } = await fundedProposal();
    const hash = deliverableHash('milestone 0 report');
    await x.submit(id, 0n, hash);
    const signatures = await x.signAll([f.reviewers[2], f.reviewers[0]], {
      id,
      index: 0n,
      hash,
      approved: true,
    });
    const [researcherBefore, treasuryBefore, stakingBefore] = await Promise.all([
      x.farOf(f.researcher),
      x.farOf(f.treasury),
      x.farOf(f.staking.address),
    ]);
    const desciBefore = await f.read({
      ...f.staking,
      functionName: 'revenueBySource',
      args: [revenueSourceId('desci')],
    });
    await x.release(id, 0n, signatures, f.outsider);

    const amount = parseEther('1000');
    const fee = (amount * 500n) / BPS;
    const stakers = (fee * 5_000n) / BPS;
    expect((await x.farOf(f.researcher)) - researcherBefore).toBe(amount - fee);
    expect((await x.farOf(f.treasury)) - treasuryBefore).toBe(fee - stakers);
    expect((await x.farOf(f.staking.address)) - stakingBefore).toBe(stakers);
    const desciAfter = await f.read({
      ...f.staking,
      functionName: 'revenueBySource',
      args: [revenueSourceId('desci')],
    });
    expect(desciAfter - desciBefore).toBe(stakers);
    const [first, second] = await x.milestones(id);
    expect(first?.status).toBe(2); // Released
    expect(second?.status).toBe(0); // Pending
    expect((await x.proposal(id)).currentMilestone).toBe(1);
    expect(await x.farOf(f.escrow.address)).toBe(parseEther('2000'));
  });

  it('completes after the last milestone and leaves nothing in escrow', async () => {
    const { id } = await fundedProposal();
    for (const index of [0n, 1n]) {
      const hash = deliverableHash(`deliverable ${index}`);
      await x.submit(id, index, hash);
      await x.release(id, index, await x.signAll(f.reviewers, { id, index, hash, approved: true }));
    }
    expect((await x.proposal(id)).status).toBe(2); // Completed
    expect(await x.farOf(f.escrow.address)).toBe(0n);
  });

  it('anchors the deliverable in the registry for the researcher, and a replaced deliverable voids the old approvals', async () => {
    const { id } = await fundedProposal();
    const draft = deliverableHash('draft');
    await x.submit(id, 0n, draft);
    const anchor = await f.read({ ...f.registry, functionName: 'anchorOf', args: [draft] });
    expect(anchor.anchorer).toBe(f.researcher);
    expect(anchor.anchoredAt).toBeGreaterThan(0n);
    const stale = await x.signAll(f.reviewers.slice(0, 2), { id, index: 0n, hash: draft, approved: true });
    await x.submit(id, 0n, deliverableHash('final'));
    await expectRevert(x.release(id, 0n, stale), 'NotReviewer');
  });

  it('only the researcher submits, only the current milestone, never after the grace period', async () => {
    const { id, milestones } = await fundedProposal();
    const hash = deliverableHash('x');
    await expectRevert(x.submit(id, 0n, hash, f.outsider), 'NotResearcher');
    await expectRevert(x.submit(id, 1n, hash), 'NotCurrentMilestone');
    const due = milestones[0]?.dueDate ?? 0n;
    await f.chain.setNextBlockTimestamp(due + 14n * DAY + 1n);
    await expectRevert(x.submit(id, 0n, hash), 'MilestoneIsOverdue');
  });
});
