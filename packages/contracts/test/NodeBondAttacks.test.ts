import { parseEther, zeroHash } from 'viem';
import { describe, expect, it } from 'vitest';
import { FAR_ROLES } from '../src/farRoles.js';
import { expectRevert } from './support/deployFixture.js';
import {
  APPEAL_WINDOW,
  evidence,
  NODE,
  type NodeBondTestbed,
  UNBONDING_PERIOD,
  useNodeBondTestbed,
} from './support/nodeBondTestbed.js';

describe('NodeBond attacks', () => {
  let t: NodeBondTestbed;
  useNodeBondTestbed((testbed) => {
    t = testbed;
  });

  it('unbond to dodge a pending slash: the slashable amount stays locked until the slash is decided', async () => {
    await t.bond(parseEther('1000'));
    // The cheater unbonds everything as soon as it fears an audit …
    await t.requestUnbond(parseEther('1000'));
    // … the audit's slash lands during the unbonding period …
    const hash = evidence('dodge');
    await t.propose(hash, parseEther('400'));
    await t.pass(UNBONDING_PERIOD);
    // … and the withdrawal cannot take what the slash may claim.
    await expectRevert(t.withdraw(), 'BondLockedBySlash');
    await t.execute(hash);
    // After execution what is left (600) is withdrawable, and the slash was paid in full.
    const before = await t.f.balanceOf(t.owner);
    await t.withdraw();
    expect((await t.f.balanceOf(t.owner)) - before).toBe(parseEther('600'));
    expect(await t.bondOf()).toMatchObject({ amount: 0n, unbonding: 0n, pendingSlash: 0n });
    expect(await t.heldMatchesOwed()).toBe(true);
  });

  it('unbond to dodge: a partial unbond that leaves enough to cover the pending slash may leave', async () => {
    await t.bond(parseEther('1000'));
    await t.propose(evidence('partial'), parseEther('400'));
    await t.requestUnbond(parseEther('600'));
    await t.pass(UNBONDING_PERIOD);
    await t.withdraw();
    expect(await t.bondOf()).toMatchObject({ amount: parseEther('400'), pendingSlash: parseEther('400') });
    // Nothing more can leave while the slash is pending.
    await t.requestUnbond(parseEther('400'));
    await t.pass(UNBONDING_PERIOD);
    await expectRevert(t.withdraw(), 'BondLockedBySlash');
  });

  it('slash without evidence is refused', async () => {
    await t.bond(parseEther('1000'));
    await expectRevert(t.propose(zeroHash, parseEther('10')), 'MissingEvidence');
  });

  it('slash twice for the same evidence is refused, pending, executed or dismissed', async () => {
    await t.bond(parseEther('1000'));
    const hash = evidence('twice');
    await t.propose(hash, parseEther('10'));
    await expectRevert(t.propose(hash, parseEther('10')), 'EvidenceAlreadyUsed');
    await t.pass(APPEAL_WINDOW);
    await t.execute(hash);
    await expectRevert(t.propose(hash, parseEther('10')), 'EvidenceAlreadyUsed');

    const dismissed = evidence('dismissed');
    await t.propose(dismissed, parseEther('10'));
    await t.contest(dismissed);
    await t.decide(dismissed, false);
    await expectRevert(t.propose(dismissed, parseEther('10')), 'EvidenceAlreadyUsed');
  });

  it('slash more than bonded is refused, counting slashes already pending', async () => {
    await t.bond(parseEther('1000'));
    await expectRevert(t.propose(evidence('too-much'), parseEther('1001')), 'SlashExceedsBond');
    await t.propose(evidence('first'), parseEther('700'));
    await expectRevert(t.propose(evidence('second'), parseEther('301')), 'SlashExceedsBond');
    await t.propose(evidence('second'), parseEther('300'));
    // A node never bonded has nothing to slash.
    await expectRevert(t.propose(evidence('unbonded'), 1n, [], t.oracle, t.stranger), 'SlashExceedsBond');
  });

  it('refunds must fit inside the slash and name real users', async () => {
    await t.bond(parseEther('1000'));
    const [alice, bob] = t.harmedUsers;
    await expectRevert(
      t.propose(evidence('r1'), parseEther('10'), [
        [alice, parseEther('6')],
        [bob, parseEther('5')],
      ]),
      'InvalidRefunds',
    );
    await expectRevert(t.propose(evidence('r2'), parseEther('10'), [[alice, 0n]]), 'InvalidRefunds');
  });

  it('non-role callers cannot propose, decide, set minimums, periods or roles', async () => {
    await t.bond(parseEther('1000'));
    const s = t.stranger;
    await expectRevert(t.propose(evidence('x'), 1n, [], s), 'AccessControlUnauthorizedAccount');
    // The bond owner cannot slash itself to a friend's refund either.
    await expectRevert(t.propose(evidence('x'), 1n, [], t.owner), 'AccessControlUnauthorizedAccount');
    const hash = evidence('contested');
    await t.propose(hash, parseEther('10'));
    await t.contest(hash);
    // The oracle proposes; it does not judge its own proposals.
    await expectRevert(t.decide(hash, true, t.oracle), 'AccessControlUnauthorizedAccount');
    await expectRevert(t.decide(hash, false, t.owner), 'AccessControlUnauthorizedAccount');
    await expectRevert(
      t.f.write(s, { ...t.nodeBond, functionName: 'setMinimumBond', args: [0, 0n] }),
      'AccessControlUnauthorizedAccount',
    );
    await expectRevert(
      t.f.write(s, { ...t.nodeBond, functionName: 'setPeriods', args: [86_400, 86_400] }),
      'AccessControlUnauthorizedAccount',
    );
    await expectRevert(
      t.f.write(s, { ...t.nodeBond, functionName: 'grantRole', args: [FAR_ROLES.oracle, s] }),
      'AccessControlUnauthorizedAccount',
    );
  });

  it('only the bond owner contests, and nobody else unbonds or withdraws its bond', async () => {
    await t.bond(parseEther('1000'));
    const hash = evidence('not-yours');
    await t.propose(hash, parseEther('10'));
    await expectRevert(t.contest(hash, t.stranger), 'NotBondOwner');
    // The stranger's own bond under the same key is empty: nothing to unbond.
    await expectRevert(t.requestUnbond(1n, t.stranger), 'ExceedsBond');
    await expectRevert(t.withdraw(t.stranger), 'NothingUnbonding');
    expect((await t.bondOf()).amount).toBe(parseEther('1000'));
    expect(NODE).not.toBe(zeroHash);
  });
});
