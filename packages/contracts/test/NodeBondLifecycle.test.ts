import { parseEther, parseEventLogs } from 'viem';
import { describe, expect, it } from 'vitest';
import { farTokenDomain } from '../src/farTokenDomain.js';
import { signPermit } from '../src/signPermit.js';
import { expectRevert } from './support/deployFixture.js';
import {
  APPEAL_WINDOW,
  CLASS0_MINIMUM,
  DECISION_PERIOD,
  evidence,
  NODE,
  type NodeBondTestbed,
  UNBONDING_PERIOD,
  useNodeBondTestbed,
} from './support/nodeBondTestbed.js';

describe('NodeBond: bond, unbond, slash, appeal', () => {
  let t: NodeBondTestbed;
  useNodeBondTestbed((testbed) => {
    t = testbed;
  });

  it('bonds at least the minimum of the claimed VRAM class, and tops up', async () => {
    await expectRevert(t.bond(CLASS0_MINIMUM - 1n), 'BelowMinimum');
    // Class 2 (≤ 24 GB) asks 500 FAR.
    await expectRevert(t.bond(parseEther('400'), t.owner, 2), 'BelowMinimum');
    const receipt = await t.bond(CLASS0_MINIMUM);
    const [bonded] = parseEventLogs({ abi: t.nodeBond.abi, eventName: 'Bonded', logs: receipt.logs });
    expect(bonded?.args).toMatchObject({ owner: t.owner, nodeKey: NODE, amount: CLASS0_MINIMUM });
    await t.bond(parseEther('400'), t.owner, 2);
    expect(await t.bondOf()).toMatchObject({ amount: parseEther('500'), vramClass: 2, unbonding: 0n });
    expect(await t.heldMatchesOwed()).toBe(true);
  });

  it('bonds with an EIP-2612 permit instead of an approval', async () => {
    const deadline = (await t.f.chain.latestTimestamp()) + 3600n;
    const { v, r, s } = await signPermit(
      t.f.chain.walletFor(t.owner).signTypedData,
      farTokenDomain(31337, t.f.token.address),
      { owner: t.owner, spender: t.nodeBond.address, value: CLASS0_MINIMUM, nonce: 0n, deadline },
    );
    await t.f.write(t.owner, {
      ...t.nodeBond,
      functionName: 'bondWithPermit',
      args: [NODE, 0, CLASS0_MINIMUM, deadline, v, r, s],
    });
    expect((await t.bondOf()).amount).toBe(CLASS0_MINIMUM);
  });

  it('keeps each owner’s bond for the same node id apart (nobody can squat a node id)', async () => {
    await t.bond(CLASS0_MINIMUM);
    await t.bond(parseEther('200'), t.stranger);
    expect((await t.bondOf(t.owner)).amount).toBe(CLASS0_MINIMUM);
    expect((await t.bondOf(t.stranger)).amount).toBe(parseEther('200'));
  });

  it('pays an unbonding request out only after the unbonding period', async () => {
    await t.bond(parseEther('300'));
    await expectRevert(t.requestUnbond(parseEther('301')), 'ExceedsBond');
    await t.requestUnbond(parseEther('200'));
    await expectRevert(t.withdraw(), 'StillUnbonding');
    await t.pass(UNBONDING_PERIOD);
    const before = await t.f.balanceOf(t.owner);
    await t.withdraw();
    expect((await t.f.balanceOf(t.owner)) - before).toBe(parseEther('200'));
    expect(await t.bondOf()).toMatchObject({ amount: parseEther('100'), unbonding: 0n });
    await expectRevert(t.withdraw(), 'NothingUnbonding');
  });

  it('executes an uncontested slash after the appeal window: refunds to the harmed users, the rest to the treasury', async () => {
    await t.bond(parseEther('1000'));
    const [alice, bob] = t.harmedUsers;
    const hash = evidence('canary-1');
    await t.propose(hash, parseEther('100'), [
      [alice, parseEther('3')],
      [bob, parseEther('2')],
    ]);
    expect(await t.slashOf(hash)).toMatchObject({
      status: 1,
      amount: parseEther('100'),
      refundTotal: parseEther('5'),
    });
    await expectRevert(t.execute(hash), 'AppealWindowOpen');
    await t.pass(APPEAL_WINDOW);
    const treasuryBefore = await t.f.balanceOf(t.f.treasury);
    await t.execute(hash);
    expect((await t.f.balanceOf(t.f.treasury)) - treasuryBefore).toBe(parseEther('95'));
    expect(await t.bondOf()).toMatchObject({ amount: parseEther('900'), pendingSlash: 0n });
    expect(await t.heldMatchesOwed()).toBe(true);
    const aliceBefore = await t.f.balanceOf(alice);
    await t.f.write(alice, { ...t.nodeBond, functionName: 'claimRefund' });
    expect((await t.f.balanceOf(alice)) - aliceBefore).toBe(parseEther('3'));
    await expectRevert(t.f.write(alice, { ...t.nodeBond, functionName: 'claimRefund' }), 'NothingToClaim');
    await expectRevert(t.execute(hash), 'WrongSlashStatus');
    expect(await t.heldMatchesOwed()).toBe(true);
  });

  it('lets the owner contest within the window; an operator upholds (executes) or rejects (releases) it', async () => {
    await t.bond(parseEther('1000'));
    const upheld = evidence('audit-upheld');
    const rejected = evidence('audit-rejected');
    await t.propose(upheld, parseEther('100'));
    await t.propose(rejected, parseEther('200'));
    await t.contest(upheld);
    await t.contest(rejected);
    // Contested: nobody may execute it once the window passes; only an operator decides.
    await t.pass(APPEAL_WINDOW);
    await expectRevert(t.execute(upheld), 'WrongSlashStatus');
    await t.decide(upheld, true);
    await t.decide(rejected, false);
    expect((await t.slashOf(upheld)).status).toBe(3);
    expect((await t.slashOf(rejected)).status).toBe(4);
    expect(await t.bondOf()).toMatchObject({ amount: parseEther('900'), pendingSlash: 0n });
    expect(await t.heldMatchesOwed()).toBe(true);
  });

  it('refuses a contest after the window, and lapses a contest no operator decided in time', async () => {
    await t.bond(parseEther('1000'));
    const late = evidence('late');
    await t.propose(late, parseEther('10'));
    await t.pass(APPEAL_WINDOW);
    await expectRevert(t.contest(late), 'AppealWindowClosed');

    const silent = evidence('silent-operator');
    await t.propose(silent, parseEther('10'));
    await t.contest(silent);
    await expectRevert(
      t.f.write(t.stranger, { ...t.nodeBond, functionName: 'lapseSlash', args: [silent] }),
      'DecisionPeriodOpen',
    );
    await t.pass(APPEAL_WINDOW + DECISION_PERIOD);
    await t.f.write(t.stranger, { ...t.nodeBond, functionName: 'lapseSlash', args: [silent] });
    expect((await t.slashOf(silent)).status).toBe(4);
    expect((await t.bondOf()).pendingSlash).toBe(parseEther('10'));
  });

  it('lets the operator set each class minimum and the admin the periods, within bounds', async () => {
    await t.f.write(t.operator, {
      ...t.nodeBond,
      functionName: 'setMinimumBond',
      args: [0, parseEther('150')],
    });
    await expectRevert(t.bond(CLASS0_MINIMUM), 'BelowMinimum');
    await expectRevert(
      t.f.write(t.operator, { ...t.nodeBond, functionName: 'setMinimumBond', args: [6, 1n] }),
      'InvalidVramClass',
    );
    await expectRevert(
      t.f.write(t.f.admin, { ...t.nodeBond, functionName: 'setPeriods', args: [60, Number(APPEAL_WINDOW)] }),
      'InvalidPeriod',
    );
    const minimums = await t.f.read({ ...t.nodeBond, functionName: 'minimumBonds' });
    expect(minimums[0]).toBe(parseEther('150'));
  });
});
