import type { Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { devAccount } from '../src/devAccounts.js';
import { farTokenDomain } from '../src/farTokenDomain.js';
import { signPermit } from '../src/signPermit.js';
import { expectRevert } from './support/deployFixture.js';
import {
  DAY,
  ENTRY_FEE,
  RESULTS_DEADLINE,
  type TournamentTestbed,
  useTournamentTestbed,
} from './support/tournamentTestbed.js';

// Status enum of TournamentPoolBase.
const OPEN = 1;
const RESULTS_POSTED = 2;
const DISPUTED = 3;
const CANCELLED = 4;

describe('TournamentPool lifecycle', () => {
  let t: TournamentTestbed;
  useTournamentTestbed((testbed) => {
    t = testbed;
  });
  const player = (i: number): Address => {
    const account = t.players[i];
    if (!account) throw new Error(`no player ${i}`);
    return account;
  };

  it('holds every entry fee in the pool and refuses a second entry, a full tournament and a late one', async () => {
    const { id, endTime } = await t.create({ maxPlayers: 2 });
    const before = await t.f.balanceOf(t.pool.address);
    await t.enter(id, player(0));
    await expectRevert(t.enter(id, player(0)), 'AlreadyEntered');
    await t.enter(id, player(1));
    await expectRevert(t.enter(id, player(2)), 'TournamentFull');
    expect(await t.f.balanceOf(t.pool.address)).toBe(before + 2n * ENTRY_FEE);
    const late = await t.create();
    await t.passTo(late.endTime);
    await expectRevert(t.enter(late.id, player(0)), 'EntryClosed');
    expect((await t.tournament(id)).entrants).toBe(2);
    expect(endTime).toBeGreaterThan(0n);
  });

  it('enters with a permit instead of an approve', async () => {
    const { id } = await t.create();
    const wallet = devAccount(4);
    expect(wallet.address).toBe(player(0));
    const nonce = await t.f.read({ ...t.f.token, functionName: 'nonces', args: [wallet.address] });
    const deadline = (await t.f.chain.latestTimestamp()) + 3600n;
    const { v, r, s } = await signPermit(wallet.signTypedData, farTokenDomain(31337, t.f.token.address), {
      owner: wallet.address,
      spender: t.pool.address,
      value: ENTRY_FEE,
      nonce,
      deadline,
    });
    const before = await t.f.balanceOf(wallet.address);
    await t.f.write(wallet.address, {
      ...t.pool,
      functionName: 'enterWithPermit',
      args: [id, deadline, v, r, s],
    });
    expect(await t.f.balanceOf(wallet.address)).toBe(before - ENTRY_FEE);
    expect((await t.f.read({ ...t.pool, functionName: 'entryOf', args: [id, wallet.address] })).entered).toBe(
      true,
    );
  });

  it('refuses claims during the dispute window and a second claim after it', async () => {
    const { id, entered } = await t.endedWith(3);
    await t.submit(id, entered);
    const winner = player(0);
    await expectRevert(t.claim(id, winner), 'NotClaimable');
    const { disputeEndsAt } = await t.tournament(id);
    await t.passTo(BigInt(disputeEndsAt));
    await t.claim(id, winner);
    await expectRevert(t.claim(id, winner), 'AlreadyPaidOut');
    await expectRevert(t.claim(id, t.organiser), 'NotAWinner');
  });

  it('freezes payouts on a dispute until an operator rejects it, then pays the posted ranking', async () => {
    const { id, entered } = await t.endedWith(3);
    await t.submit(id, entered);
    await t.dispute(id, player(2));
    expect((await t.tournament(id)).status).toBe(DISPUTED);
    await t.passTo(BigInt((await t.tournament(id)).disputeEndsAt) + DAY);
    await expectRevert(t.claim(id, player(0)), 'NotClaimable');
    await expectRevert(t.dispute(id, player(1)), 'WrongStatus');
    await expectRevert(
      t.f.write(player(0), { ...t.pool, functionName: 'resolveDispute', args: [id, false, []] }),
      'AccessControlUnauthorizedAccount',
    );
    await t.f.write(t.f.admin, { ...t.pool, functionName: 'resolveDispute', args: [id, false, []] });
    expect((await t.tournament(id)).status).toBe(RESULTS_POSTED);
    await t.claim(id, player(0));
  });

  it('pays the corrected ranking when a dispute is upheld with one', async () => {
    const { id, entered } = await t.endedWith(3);
    await t.submit(id, entered);
    await t.dispute(id, t.organiser, 'player 2 beat player 1');
    const corrected = [player(1), player(0)];
    await t.f.write(t.f.admin, { ...t.pool, functionName: 'resolveDispute', args: [id, true, corrected] });
    const [ranking, prizes] = await t.f.read({ ...t.pool, functionName: 'results', args: [id] });
    expect(ranking).toEqual(corrected);
    const before = await t.f.balanceOf(player(1));
    await t.claim(id, player(1));
    expect(await t.f.balanceOf(player(1))).toBe(before + (prizes[0] ?? -1n));
    await expectRevert(t.claim(id, player(2)), 'NotAWinner');
  });

  it('voids the result and refunds every entry when a dispute is upheld without a ranking', async () => {
    const { id, entered } = await t.endedWith(3);
    await t.submit(id, entered);
    await t.dispute(id, player(1));
    await t.f.write(t.f.admin, { ...t.pool, functionName: 'resolveDispute', args: [id, true, []] });
    expect((await t.tournament(id)).status).toBe(CANCELLED);
    for (const entrant of entered) {
      const before = await t.f.balanceOf(entrant);
      await t.refund(id, entrant);
      expect(await t.f.balanceOf(entrant)).toBe(before + ENTRY_FEE);
    }
    await expectRevert(t.refund(id, player(0)), 'AlreadyPaidOut');
    await expectRevert(t.claim(id, player(0)), 'NotClaimable');
  });

  it('lets entrants refund a dispute an operator leaves unresolved past the deadline', async () => {
    const { id, entered } = await t.endedWith(2);
    await t.submit(id, entered);
    await t.dispute(id, player(1));
    await expectRevert(t.refund(id, player(0)), 'NotRefundable');
    await t.passTo(BigInt((await t.tournament(id)).disputeEndsAt) + RESULTS_DEADLINE);
    await expectRevert(
      t.f.write(t.f.admin, { ...t.pool, functionName: 'resolveDispute', args: [id, false, []] }),
      'DisputeExpired',
    );
    await t.refund(id, player(0));
  });

  it('refunds every entry exactly when the minimum is not reached, and refuses results then', async () => {
    const { id, entered } = await t.endedWith(2, { minPlayers: 3 });
    await expectRevert(t.submit(id, entered), 'NotEnoughPlayers');
    const poolBefore = await t.f.balanceOf(t.pool.address);
    for (const entrant of entered) {
      const before = await t.f.balanceOf(entrant);
      await t.refund(id, entrant);
      expect(await t.f.balanceOf(entrant)).toBe(before + ENTRY_FEE);
    }
    expect(await t.f.balanceOf(t.pool.address)).toBe(poolBefore - 2n * ENTRY_FEE);
    expect((await t.tournament(id)).status).toBe(CANCELLED);
    await expectRevert(t.refund(id, t.organiser), 'NotEntrant');
  });

  it('refunds when no results arrive within the deadline, and then refuses late results', async () => {
    const { id, endTime, entered } = await t.endedWith(2);
    await expectRevert(t.refund(id, player(0)), 'NotRefundable');
    await t.passTo(endTime + RESULTS_DEADLINE);
    await expectRevert(t.submit(id, entered), 'ResultsTooLate');
    await t.refund(id, player(0));
  });

  it('lets only the organiser cancel, and only before the start', async () => {
    const { id, startTime } = await t.create();
    await t.enter(id, player(0));
    await expectRevert(
      t.f.write(player(0), { ...t.pool, functionName: 'cancelTournament', args: [id] }),
      'NotOrganiser',
    );
    await t.f.write(t.organiser, { ...t.pool, functionName: 'cancelTournament', args: [id] });
    await t.refund(id, player(0));
    const later = await t.create();
    await t.passTo(later.startTime);
    await expectRevert(
      t.f.write(t.organiser, { ...t.pool, functionName: 'cancelTournament', args: [later.id] }),
      'AlreadyStarted',
    );
    expect((await t.tournament(later.id)).status).toBe(OPEN);
    expect(startTime).toBeGreaterThan(0n);
  });

  it('refuses a dispute from an outsider and after the window', async () => {
    const { id, entered } = await t.endedWith(2);
    await t.submit(id, entered);
    await expectRevert(t.dispute(id, player(5)), 'NotDisputant');
    await expectRevert(t.dispute(id, player(0), 'x'.repeat(281)), 'ReasonTooLong');
    await t.passTo(BigInt((await t.tournament(id)).disputeEndsAt));
    await expectRevert(t.dispute(id, player(0)), 'DisputeWindowClosed');
  });

  it('refuses a tournament with a bad prize table, schedule, player bounds or unapproved server', async () => {
    await expectRevert(t.create({ prizeBps: [5000, 4000] }), 'InvalidPrizeTable');
    await expectRevert(t.create({ prizeBps: [10_000, 0] }), 'InvalidPrizeTable');
    await expectRevert(t.create({ prizeBps: Array.from({ length: 33 }, () => 1) }), 'InvalidPrizeTable');
    await expectRevert(t.create({ lasts: 0n }), 'InvalidSchedule');
    await expectRevert(t.create({ minPlayers: 3, maxPlayers: 2 }), 'InvalidPlayerBounds');
    await expectRevert(t.create({ disputeWindow: 60 }), 'InvalidDisputeWindow');
    await expectRevert(t.create({ entryFee: 0n }), 'InvalidEntryFee');
  });
});
