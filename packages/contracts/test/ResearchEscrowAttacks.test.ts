/**
 * Attacks on ResearchEscrow's money paths: releasing without k approvals, one reviewer counted twice,
 * signatures from outside the panel or replayed from another proposal, chain or contract, refunds after
 * a release, and pro-rata refunds that would leave or create wei.
 */
import { type Address, type Hex, parseEther } from 'viem';
import { describe, expect, it } from 'vitest';
import { expectRevert } from './support/deployFixture.js';
import {
  DAY,
  deliverableHash,
  type ResearchFixture,
  researchActions,
  useResearchTestbed,
} from './support/researchEscrowTestbed.js';

describe('ResearchEscrow attacks', () => {
  let f: ResearchFixture;
  useResearchTestbed((fixture) => {
    f = fixture;
  });
  const x = researchActions(() => f);

  /** A funded 1,000 + 2,000 FAR proposal with milestone 0 submitted. */
  async function submittedProposal() {
    const opened = await x.open();
    await x.fund(f.backers[0], opened.id, parseEther('1000'));
    await x.fund(f.backers[1], opened.id, parseEther('2000'));
    const hash = deliverableHash(`deliverable of ${opened.id}`);
    await x.submit(opened.id, 0n, hash);
    return { ...opened, hash };
  }

  it('release without k approvals: one signature of a 2-of-3 panel is refused, as is none', async () => {
    const { id, hash } = await submittedProposal();
    const [one] = await x.signAll([f.reviewers[0]], { id, index: 0n, hash, approved: true });
    await expectRevert(x.release(id, 0n, [one as Hex]), 'BelowThreshold');
    await expectRevert(x.release(id, 0n, []), 'BelowThreshold');
  });

  it('a reviewer approving twice counts once: the same signature twice is refused', async () => {
    const { id, hash } = await submittedProposal();
    const [one] = await x.signAll([f.reviewers[1]], { id, index: 0n, hash, approved: true });
    await expectRevert(x.release(id, 0n, [one as Hex, one as Hex]), 'DuplicateReviewer');
  });

  it('a reviewer approving twice with a second, malleated signature is refused', async () => {
    const { id, hash } = await submittedProposal();
    const [one] = await x.signAll([f.reviewers[1]], { id, index: 0n, hash, approved: true });
    // The high-s twin of a valid signature recovers the same signer; OpenZeppelin's ECDSA refuses it.
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const sig = one as Hex;
    const s = BigInt(`0x${sig.slice(66, 130)}`);
    const v = Number.parseInt(sig.slice(130, 132), 16);
    const twin =
      `${sig.slice(0, 66)}${(n - s).toString(16).padStart(64, '0')}${(v === 27 ? 28 : 27).toString(16)}` as Hex;
    await expectRevert(x.release(id, 0n, [one as Hex, twin]), 'InvalidSignature');
  });

  it('a signature from outside the panel is refused, even alongside a valid one', async () => {
    const { id, hash } = await submittedProposal();
    const signatures = await x.signAll([f.reviewers[0], f.outsider], { id, index: 0n, hash, approved: true });
    await expectRevert(x.release(id, 0n, signatures), 'NotReviewer');
    await expectRevert(x.release(id, 0n, [signatures[0] as Hex, '0x1234']), 'InvalidSignature');
  });

  it('approvals replayed on another proposal with the same panel and deliverable are refused', async () => {
    const first = await submittedProposal();
    const approvals = await x.signAll(f.reviewers.slice(0, 2), {
      id: first.id,
      index: 0n,
      hash: first.hash,
      approved: true,
    });
    const second = await x.open();
    await x.fund(f.backers[2], second.id, second.goal);
    await x.submit(second.id, 0n, first.hash);
    await expectRevert(x.release(second.id, 0n, approvals), 'NotReviewer');
    await x.release(first.id, 0n, approvals);
    // …and on the same proposal's next milestone.
    await x.submit(first.id, 1n, first.hash);
    await expectRevert(x.release(first.id, 1n, approvals), 'NotReviewer');
  });

  it('approvals signed for another chain or another escrow are refused', async () => {
    const { id, hash } = await submittedProposal();
    const message = { id, index: 0n, hash, approved: true };
    const otherChain = [
      await x.sign(f.reviewers[0], message, { chainId: 56 }),
      await x.sign(f.reviewers[1], message, { chainId: 56 }),
    ];
    await expectRevert(x.release(id, 0n, otherChain), 'NotReviewer');
    const otherEscrow = [
      await x.sign(f.reviewers[0], message, { verifyingContract: f.payment.address }),
      await x.sign(f.reviewers[1], message, { verifyingContract: f.payment.address }),
    ];
    await expectRevert(x.release(id, 0n, otherEscrow), 'NotReviewer');
  });

  it('rejections cannot release and approvals cannot reject: the decision is in the signed struct', async () => {
    const { id, hash } = await submittedProposal();
    const rejections = await x.signAll(f.reviewers.slice(0, 2), { id, index: 0n, hash, approved: false });
    await expectRevert(x.release(id, 0n, rejections), 'NotReviewer');
    const approvals = await x.signAll(f.reviewers.slice(0, 2), { id, index: 0n, hash, approved: true });
    await expectRevert(x.reject(id, 0n, approvals), 'NotReviewer');
  });

  it('a released milestone cannot be released again, and no refund is open while the proposal is healthy', async () => {
    const { id, hash } = await submittedProposal();
    const approvals = await x.signAll(f.reviewers.slice(0, 2), { id, index: 0n, hash, approved: true });
    await x.release(id, 0n, approvals);
    await expectRevert(x.release(id, 0n, approvals), 'NotCurrentMilestone');
    await expectRevert(x.byId('withdrawUnfunded', f.backers[0], id), 'WrongStatus');
    await expectRevert(x.byId('withdrawRemainder', f.backers[0], id), 'WrongStatus');
  });

  it('refund after release: a rejection of milestone 1 returns only the unreleased 2,000 FAR, pro rata', async () => {
    const { id, hash } = await submittedProposal();
    await x.release(
      id,
      0n,
      await x.signAll(f.reviewers.slice(0, 2), { id, index: 0n, hash, approved: true }),
    );
    const next = deliverableHash('weak milestone 1');
    await x.submit(id, 1n, next);
    await x.reject(
      id,
      1n,
      await x.signAll([f.reviewers[1], f.reviewers[2]], { id, index: 1n, hash: next, approved: false }),
    );
    expect((await x.proposal(id)).status).toBe(3); // Failed
    await expectRevert(x.release(id, 1n, []), 'WrongStatus');
    const paid: bigint[] = [];
    for (const backer of [f.backers[0], f.backers[1]]) {
      const before = await x.farOf(backer);
      await x.byId('withdrawRemainder', backer, id);
      paid.push((await x.farOf(backer)) - before);
      await expectRevert(x.byId('withdrawRemainder', backer, id), 'NothingToWithdraw');
    }
    expect(paid).toEqual([parseEther('2000') / 3n, parseEther('2000') - parseEther('2000') / 3n]);
    await expectRevert(x.byId('withdrawRemainder', f.outsider, id), 'NothingToWithdraw');
    expect(await x.farOf(f.escrow.address)).toBe(0n);
  });

  it('pro-rata refunds of awkward amounts sum to exactly the remainder, whatever the order', async () => {
    // 7 wei released of 3 backers' 10 + 13 + 17 wei: 33 wei to share in thirds-and-sevenths.
    const amounts = [7n, 33n];
    for (const order of [
      [0, 1, 2],
      [2, 0, 1],
    ]) {
      const snapshot = await f.chain.snapshot();
      const { id } = await x.open({ amounts });
      const gave = [10n, 13n, 17n];
      for (const [i, backer] of f.backers.entries()) await x.fund(backer, id, gave[i] ?? 0n);
      const hash = deliverableHash('tiny');
      await x.submit(id, 0n, hash);
      await x.release(
        id,
        0n,
        await x.signAll(f.reviewers.slice(0, 2), { id, index: 0n, hash, approved: true }),
      );
      await x.submit(id, 1n, hash);
      await x.reject(
        id,
        1n,
        await x.signAll(f.reviewers.slice(0, 2), { id, index: 1n, hash, approved: false }),
      );
      let total = 0n;
      for (const i of order) {
        const backer = f.backers[i] as Address;
        const before = await x.farOf(backer);
        await x.byId('withdrawRemainder', backer, id);
        const got = (await x.farOf(backer)) - before;
        const exact = ((gave[i] ?? 0n) * 33n) / 40n;
        expect(got === exact || got === exact + 1n, `backer ${i} got ${got}, pro rata ${exact}`).toBe(true);
        total += got;
      }
      expect(total).toBe(33n);
      expect(await x.farOf(f.escrow.address)).toBe(0n);
      await f.chain.revert(snapshot);
    }
  });

  it('an overdue milestone fails the proposal once the grace period is over, not before', async () => {
    const { id, milestones } = await submittedProposal();
    const overdueAt = (milestones[0]?.dueDate ?? 0n) + 14n * DAY;
    await f.chain.setNextBlockTimestamp(overdueAt);
    await expectRevert(x.byId('failOverdueMilestone', f.outsider, id), 'MilestoneNotOverdue');
    await x.byId('failOverdueMilestone', f.outsider, id);
    expect((await x.milestones(id))[0]?.status).toBe(4); // Overdue
    const late = await x.signAll(f.reviewers.slice(0, 2), {
      id,
      index: 0n,
      hash: deliverableHash('late'),
      approved: true,
    });
    await expectRevert(x.release(id, 0n, late), 'WrongStatus');
    const before = await x.farOf(f.backers[1]);
    await x.byId('withdrawRemainder', f.backers[1], id);
    expect((await x.farOf(f.backers[1])) - before).toBe(parseEther('2000'));
  });
});
