import fc from 'fast-check';
import { type Address, parseEventLogs } from 'viem';
import { describe, expect, it } from 'vitest';
import { planTournamentPayouts } from '../src/planTournamentPayouts.js';
import { revenueSourceId } from '../src/revenueSourceId.js';
import { DAY, ENTRY_FEE, type TournamentTestbed, useTournamentTestbed } from './support/tournamentTestbed.js';

/** A prize table of `ranks` positive entries summing to 10,000 bps, from `cuts` distinct cut points. */
const prizeTable = fc.uniqueArray(fc.integer({ min: 1, max: 9_999 }), { maxLength: 7 }).map((cuts) => {
  const points = [0, ...cuts.sort((a, b) => a - b), 10_000];
  return points.slice(1).map((point, i) => point - (points[i] ?? 0));
});

// Money invariant: the winners' prizes plus the platform fee (stakers + treasury) are exactly the pool,
// for any prize table, entry fee, player count, ranking length and fee setting, and the pool keeps nothing.
describe('TournamentPool payouts', () => {
  let t: TournamentTestbed;
  useTournamentTestbed((testbed) => {
    t = testbed;
  });
  const gamingRevenue = () =>
    t.f.read({ ...t.f.staking, functionName: 'revenueBySource', args: [revenueSourceId('gaming')] });

  it('pays prizes + fee = pool exactly, as planTournamentPayouts computes', async () => {
    await fc.assert(
      fc.asyncProperty(
        prizeTable,
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 8 }),
        fc.bigInt({ min: 1n, max: 10n ** 22n }),
        fc.integer({ min: 0, max: 2_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        async (prizeBps, entrants, ranked, entryFee, platformFeeBps, stakersShareBps) => {
          await t.f.write(t.f.admin, {
            ...t.pool,
            functionName: 'setFees',
            args: [platformFeeBps, stakersShareBps],
          });
          const rankedCount = Math.min(ranked, entrants, prizeBps.length);
          const { id, entered } = await t.endedWith(entrants, { prizeBps, entryFee, minPlayers: 1 });
          const ranking = entered.slice(0, rankedCount);
          const poolBefore = await t.f.balanceOf(t.pool.address);
          const treasuryBefore = await t.f.balanceOf(t.f.treasury);
          const stakersBefore = await gamingRevenue();
          await t.submit(id, ranking);
          await t.passTo(BigInt((await t.tournament(id)).disputeEndsAt));
          const plan = planTournamentPayouts({
            entryFee,
            entrants,
            platformFeeBps,
            stakersShareBps,
            prizeBps,
            rankedCount,
          });
          for (const [i, winner] of ranking.entries()) {
            const before = await t.f.balanceOf(winner);
            await t.claim(id, winner);
            expect(await t.f.balanceOf(winner)).toBe(before + (plan.prizes[i] ?? -1n));
          }
          const prizes = plan.prizes.reduce((sum, prize) => sum + prize, 0n);
          expect(prizes + plan.stakers + plan.treasury).toBe(entryFee * BigInt(entrants));
          expect(await t.f.balanceOf(t.f.treasury)).toBe(treasuryBefore + plan.treasury);
          expect(await gamingRevenue()).toBe(stakersBefore + plan.stakers);
          expect(await t.f.balanceOf(t.pool.address)).toBe(poolBefore - entryFee * BigInt(entrants));
        },
      ),
      { numRuns: 30 },
    );
  });

  it("streams the stakers' share into FARStaking under 'gaming' once, on the first claim", async () => {
    const { id, entered } = await t.endedWith(4);
    await t.submit(id, entered.slice(0, 3));
    await t.passTo(BigInt((await t.tournament(id)).disputeEndsAt) + DAY);
    const receipt = await t.claim(id, entered[1] as Address);
    const [notified] = parseEventLogs({
      abi: t.f.staking.abi,
      eventName: 'RevenueNotified',
      logs: receipt.logs,
    });
    // 4 × 10 FAR pool, 10 % fee, half of it to stakers.
    expect(notified?.args.sourceId).toBe(revenueSourceId('gaming'));
    expect(notified?.args.amount).toBe((4n * ENTRY_FEE) / 20n);
    const second = await t.claim(id, entered[0] as Address);
    expect(parseEventLogs({ abi: t.f.staking.abi, eventName: 'RevenueNotified', logs: second.logs })).toEqual(
      [],
    );
  });
});
