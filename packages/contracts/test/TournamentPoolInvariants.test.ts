import fc from 'fast-check';
import { type Address, parseEventLogs, type TransactionReceipt } from 'viem';
import { describe, expect, it } from 'vitest';
import { DAY, type TournamentTestbed, useTournamentTestbed } from './support/tournamentTestbed.js';

/** One step an attacker (or an honest player) might take against a tournament. */
type Action =
  | { kind: 'enter'; player: number }
  | { kind: 'submit'; places: number }
  | { kind: 'dispute'; player: number }
  | { kind: 'resolve'; upheld: boolean; places: number }
  | { kind: 'claim'; player: number }
  | { kind: 'refund'; player: number }
  | { kind: 'settle' }
  | { kind: 'wait'; hours: number };

const player = fc.integer({ min: 0, max: 5 });
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('enter' as const), player }),
  fc.record({ kind: fc.constant('submit' as const), places: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ kind: fc.constant('dispute' as const), player }),
  fc.record({
    kind: fc.constant('resolve' as const),
    upheld: fc.boolean(),
    places: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({ kind: fc.constant('claim' as const), player }),
  fc.record({ kind: fc.constant('refund' as const), player }),
  fc.record({ kind: fc.constant('settle' as const) }),
  fc.record({ kind: fc.constant('wait' as const), hours: fc.integer({ min: 1, max: 30 }) }),
);

// Money invariant under any order of actions, refused ones included: what left the pool for a
// tournament (refunds + prizes + fee) never exceeds what entered it, each wallet is paid at most once,
// the pool's balance is exactly what its tournaments still hold, and once every deadline has passed the
// entrants can take out all of it (no state strands money).
describe('TournamentPool invariants under random action sequences', () => {
  let t: TournamentTestbed;
  useTournamentTestbed((testbed) => {
    t = testbed;
  });

  it('never pays out more than it took in, nor any wallet twice, and strands nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 6 }),
        fc.array(action, { maxLength: 8 }),
        fc.array(action, { minLength: 3, maxLength: 25 }),
        async (minPlayers, early, duringPlay, afterEnd) => {
          const balanceBefore = await t.f.balanceOf(t.pool.address);
          // Two days of play; after the end the random waits (1-30 h) land in and after the 1-day dispute window.
          const { id, startTime } = await t.create({
            minPlayers,
            prizeBps: [5000, 3000, 2000],
            lasts: 2n * DAY,
          });
          const entries: Action[] = Array.from({ length: early }, (_, i) => ({ kind: 'enter', player: i }));
          const pastEnd: Action = { kind: 'wait', hours: 49 };
          const actions = [...entries, ...duringPlay, pastEnd, ...afterEnd];
          await t.passTo(startTime);
          const receipts: TransactionReceipt[] = [];
          const wallet = (i: number) => t.players[i] as Address;
          const entrants = async () => {
            const all = await Promise.all(
              t.players.slice(0, 6).map(async (p) => ({
                p,
                entered: (await t.f.read({ ...t.pool, functionName: 'entryOf', args: [id, p] })).entered,
              })),
            );
            return all.filter((e) => e.entered).map((e) => e.p);
          };
          const steps: Record<Action['kind'], (a: Action) => Promise<TransactionReceipt | undefined>> = {
            enter: (a) => t.enter(id, wallet((a as { player: number }).player)),
            submit: async (a) => t.submit(id, (await entrants()).slice(0, (a as { places: number }).places)),
            dispute: (a) => t.dispute(id, wallet((a as { player: number }).player)),
            resolve: async (a) => {
              const { upheld, places } = a as { upheld: boolean; places: number };
              const ranking = upheld ? (await entrants()).reverse().slice(0, places) : [];
              return t.f.write(t.f.admin, {
                ...t.pool,
                functionName: 'resolveDispute',
                args: [id, upheld, ranking],
              });
            },
            claim: (a) => t.claim(id, wallet((a as { player: number }).player)),
            refund: (a) => t.refund(id, wallet((a as { player: number }).player)),
            settle: () => t.f.write(t.f.admin, { ...t.pool, functionName: 'settleFees', args: [id] }),
            wait: async (a) => {
              await t.f.chain.increaseTime(BigInt((a as { hours: number }).hours) * 3600n);
              return undefined;
            },
          };
          for (const step of actions) {
            const receipt = await steps[step.kind](step).catch(() => undefined);
            if (receipt) receipts.push(receipt);
          }
          // Whatever state it is left in, time passing lets everyone be paid what is due.
          await t.f.chain.increaseTime(30n * DAY);
          for (const p of await entrants()) {
            const receipt =
              (await t.claim(id, p).catch(() => undefined)) ?? (await t.refund(id, p).catch(() => undefined));
            if (receipt) receipts.push(receipt);
          }
          const logs = receipts.flatMap((receipt) => receipt.logs);
          const events = parseEventLogs({ abi: t.pool.abi, logs }).filter(
            (event) => 'tournamentId' in event.args && event.args.tournamentId === id,
          );
          let paidIn = 0n;
          let paidOut = 0n;
          const paid = new Set<string>();
          for (const event of events) {
            if (event.eventName === 'Entered') paidIn += event.args.entryFee;
            if (event.eventName === 'Refunded' || event.eventName === 'PrizeClaimed') {
              const who = event.eventName === 'Refunded' ? event.args.player : event.args.winner;
              expect(paid.has(who), `${who} paid twice`).toBe(false);
              paid.add(who);
              paidOut += event.args.amount;
            }
            if (event.eventName === 'FeesSettled')
              paidOut += event.args.stakersAmount + event.args.treasuryAmount;
          }
          expect(paidOut).toBeLessThanOrEqual(paidIn);
          expect(await t.f.balanceOf(t.pool.address)).toBe(balanceBefore + paidIn - paidOut);
          // Past every deadline each entrant could take out what was due, so nothing is left behind.
          expect(paidOut).toBe(paidIn);
        },
      ),
      { numRuns: 40 },
    );
  });
});
