/**
 * Model-based test of ResearchEscrow: fast-check generates two proposals (awkward wei amounts, 1–3
 * milestones, k of 3) and a random sequence of funding, time travel, cancellations, deliverables,
 * approvals and rejections signed by random reviewer sets (outsiders and duplicates included), overdue
 * calls and withdrawals. Each step runs on the in-process chain and on a plain TypeScript model; the
 * model says whether it must succeed and what it pays. After every step:
 *   - the escrow's FAR balance = Σ (raised − released − refunded): what is still owed to backers plus
 *     what is still releasable, to the wei;
 *   - no wei is created or lost: the FAR held by the escrow, backers, researcher, treasury and FARStaking
 *     together never changes;
 *   - each proposal's status, raised, released and refunded on chain equal the model's.
 * At the end, a failed proposal whose backers all withdrew has refunded exactly its unreleased remainder.
 * PROPERTY_RUNS sets the number of sequences (default 40 here: each step is a transaction).
 */
import fc from 'fast-check';
import type { Address, Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { revertNameOf } from './support/deployFixture.js';
import {
  canFund,
  canWithdrawUnfunded,
  type ModelProposal,
  type ModelTerms,
  overdueAt,
  owedBy,
  PROPOSAL_STATUS,
  panelDecides,
  remainderShare,
  splitRelease,
} from './support/researchEscrowModel.js';
import {
  DAY,
  deliverableHash,
  type ResearchFixture,
  researchActions,
  useResearchTestbed,
} from './support/researchEscrowTestbed.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 40);

type Action =
  | { kind: 'fund'; p: number; backer: number; amount: bigint }
  | { kind: 'wait'; seconds: bigint }
  | { kind: 'cancel'; p: number }
  | { kind: 'submit'; p: number; seed: number }
  | { kind: 'decide'; p: number; approve: boolean; signers: number[] }
  | { kind: 'failOverdue'; p: number }
  | { kind: 'withdrawUnfunded'; p: number; backer: number }
  | { kind: 'withdrawRemainder'; p: number; backer: number };

const p = fc.integer({ min: 0, max: 1 });
const backer = fc.integer({ min: 0, max: 2 });
const wei = fc.oneof(
  { weight: 1, arbitrary: fc.bigInt(1n, 1_000n) },
  { weight: 3, arbitrary: fc.bigInt(10n ** 20n, 4n * 10n ** 21n) },
);
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('fund' as const), p, backer, amount: wei }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('wait' as const),
      seconds: fc.oneof(
        { weight: 3, arbitrary: fc.bigInt(3600n, 3n * DAY) },
        { weight: 1, arbitrary: fc.bigInt(3n * DAY, 60n * DAY) },
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), p }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('submit' as const), p, seed: fc.integer({ min: 0, max: 3 }) }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('decide' as const),
      p,
      approve: fc.oneof(
        { weight: 3, arbitrary: fc.constant(true) },
        { weight: 1, arbitrary: fc.constant(false) },
      ),
      signers: fc.oneof(
        { weight: 4, arbitrary: fc.constant<number[]>([0, 1, 2]) },
        { weight: 2, arbitrary: fc.shuffledSubarray([0, 1, 2]) },
        { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 4 }) },
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('failOverdue' as const), p }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('withdrawUnfunded' as const), p, backer }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('withdrawRemainder' as const), p, backer }) },
);
const proposalTerms = fc.record({
  amounts: fc.array(fc.bigInt(1n, 10n ** 21n), { minLength: 1, maxLength: 3 }),
  threshold: fc.integer({ min: 1, max: 3 }),
  fundingPeriod: fc.bigInt(DAY, 10n * DAY),
  spacing: fc.bigInt(DAY, 40n * DAY),
  /** Two backers fund it in full before the random steps, so most runs reach review and release. */
  prefunded: fc.boolean(),
});

describe('ResearchEscrow against its model', () => {
  let f: ResearchFixture;
  useResearchTestbed((fixture) => {
    f = fixture;
  });
  const x = researchActions(() => f);

  it('keeps its FAR balance equal to what it owes backers plus what is releasable, creating and losing no wei', async () => {
    const terms: ModelTerms = {
      feeBps: await f.read({ ...f.escrow, functionName: 'feeBps' }),
      stakerShareBps: await f.read({ ...f.escrow, functionName: 'stakerShareBps' }),
      gracePeriod: await f.read({ ...f.escrow, functionName: 'gracePeriod' }),
    };
    const holders = (): Address[] => [
      f.escrow.address,
      ...f.backers,
      f.researcher,
      f.treasury,
      f.staking.address,
    ];
    const totalHeld = async () => (await Promise.all(holders().map(x.farOf))).reduce((a, b) => a + b, 0n);

    await fc.assert(
      fc.asyncProperty(
        fc.tuple(proposalTerms, proposalTerms),
        fc.array(action, { minLength: 8, maxLength: 40, size: 'max' }),
        async (opened, actions) => {
          const snapshot = await f.chain.snapshot();
          try {
            let now = await f.chain.latestTimestamp();
            const tick = async () => {
              now += 1n;
              await f.chain.setNextBlockTimestamp(now);
            };
            const proposals: ModelProposal[] = [];
            for (const t of opened) {
              const deadline = now + 1n + t.fundingPeriod;
              const dueDates = t.amounts.map((_, i) => deadline + BigInt(i + 1) * t.spacing);
              const goal = t.amounts.reduce((a, b) => a + b, 0n);
              await tick();
              await f.write(f.researcher, {
                ...f.escrow,
                functionName: 'openProposal',
                args: [
                  goal,
                  deadline,
                  t.amounts.map((amount, i) => ({ amount, dueDate: dueDates[i] ?? 0n })),
                  f.reviewers,
                  BigInt(t.threshold),
                  deliverableHash('p'),
                ],
              });
              proposals.push({
                id: await f.read({ ...f.escrow, functionName: 'proposalCount' }),
                goal,
                deadline,
                amounts: t.amounts,
                dueDates,
                threshold: t.threshold,
                status: 'funding',
                raised: 0n,
                released: 0n,
                refunded: 0n,
                refundedContribution: 0n,
                current: 0,
                milestones: t.amounts.map(() => 'pending'),
                deliverable: undefined,
                contributions: new Map(),
              });
            }
            const conserved = await totalHeld();
            const expected = new Map<Address, bigint>();
            for (const holder of holders()) expected.set(holder, await x.farOf(holder));
            const move = (from: Address, to: Address, amount: bigint) => {
              expected.set(from, (expected.get(from) ?? 0n) - amount);
              expected.set(to, (expected.get(to) ?? 0n) + amount);
            };

            const prefunding: Action[] = opened.flatMap((t, i) => {
              const goal = t.amounts.reduce((sum, amount) => sum + amount, 0n);
              if (!t.prefunded) return [];
              return [
                { kind: 'fund' as const, p: i, backer: 0, amount: goal / 2n + 1n },
                { kind: 'fund' as const, p: i, backer: 1, amount: goal },
              ];
            });
            for (const a of [...prefunding, ...actions]) {
              if (a.kind === 'wait') {
                now += a.seconds;
                continue;
              }
              const m = proposals[a.p] as ModelProposal;
              await tick();
              const { ok, send, apply } = await plan(a, m, now, move);
              const outcome = await send().then(
                () => undefined,
                (error: unknown) => error,
              );
              if (ok) {
                expect(outcome, `${a.kind} should succeed: ${revertNameOf(outcome)}`).toBeUndefined();
                apply();
              } else {
                expect(outcome, `${a.kind} should revert`).toBeDefined();
                expect(revertNameOf(outcome), String(outcome)).toBeDefined();
              }
              const owed = proposals.reduce((sum, q) => sum + owedBy(q), 0n);
              expect(await x.farOf(f.escrow.address)).toBe(owed);
              expect(await totalHeld()).toBe(conserved);
              for (const holder of holders())
                expect(await x.farOf(holder), holder).toBe(expected.get(holder));
              const onChain = await x.proposal(m.id);
              expect({
                status: PROPOSAL_STATUS[onChain.status],
                raised: onChain.raised,
                released: onChain.released,
                refunded: onChain.refunded,
              }).toEqual({
                status: m.status,
                raised: m.raised,
                released: m.released,
                refunded: m.refunded,
              });
            }

            for (const m of proposals) {
              if (m.status !== 'failed') continue;
              for (const b of f.backers) {
                if ((m.contributions.get(b) ?? 0n) === 0n) continue;
                await tick();
                await x.byId('withdrawRemainder', b, m.id);
              }
              const onChain = await x.proposal(m.id);
              expect(onChain.refunded).toBe(m.raised - m.released);
            }
          } finally {
            await f.chain.revert(snapshot);
          }
        },
      ),
      { numRuns: RUNS },
    );

    /** What the model expects of one action: whether it succeeds, how to send it, and its effect on the model. */
    async function plan(
      a: Exclude<Action, { kind: 'wait' }>,
      m: ModelProposal,
      now: bigint,
      move: (from: Address, to: Address, amount: bigint) => void,
    ) {
      const escrow = f.escrow.address;
      switch (a.kind) {
        case 'fund': {
          const who = f.backers[a.backer] as Address;
          const missing = m.goal - m.raised;
          // The escrow caps each backing at what the goal still lacks.
          // biome-ignore lint/complexity/useMathMinMax: bigints, which Math.min does not take.
          const accepted = missing < a.amount ? missing : a.amount;
          return {
            ok: canFund(m, now),
            send: () => x.fund(who, m.id, a.amount),
            apply: () => {
              m.raised += accepted;
              move(who, escrow, accepted);
              m.contributions.set(who, (m.contributions.get(who) ?? 0n) + accepted);
              if (m.raised === m.goal) m.status = 'funded';
            },
          };
        }
        case 'cancel':
          return {
            ok: m.status === 'funding',
            send: () => x.byId('cancelProposal', f.researcher, m.id),
            apply: () => {
              m.status = 'cancelled';
            },
          };
        case 'submit': {
          const hash = deliverableHash(`deliverable ${a.seed}`);
          const state = m.milestones[m.current];
          return {
            ok:
              m.status === 'funded' &&
              now <= overdueAt(m, terms) &&
              (state === 'pending' || state === 'submitted'),
            send: () => x.submit(m.id, BigInt(m.current), hash),
            apply: () => {
              m.milestones[m.current] = 'submitted';
              m.deliverable = hash;
            },
          };
        }
        case 'decide': {
          const signers = a.signers.map((i) => (i === 3 ? f.outsider : (f.reviewers[i] as Address)));
          const message = {
            id: m.id,
            index: BigInt(m.current),
            hash: m.deliverable ?? deliverableHash('none'),
            approved: a.approve,
          };
          const signatures: Hex[] = [];
          for (const s of signers) signatures.push(await x.sign(s, message));
          const open =
            m.status === 'funded' && m.milestones[m.current] === 'submitted' && panelDecides(m, a.signers);
          if (!a.approve) {
            return {
              ok: open,
              send: () => x.reject(m.id, BigInt(m.current), signatures),
              apply: () => {
                m.milestones[m.current] = 'rejected';
                m.status = 'failed';
              },
            };
          }
          return {
            ok: open && now <= overdueAt(m, terms),
            send: () => x.release(m.id, BigInt(m.current), signatures, f.outsider),
            apply: () => {
              const amount = m.amounts[m.current] ?? 0n;
              const split = splitRelease(amount, terms);
              move(escrow, f.researcher, split.researcher);
              move(escrow, f.treasury, split.treasury);
              move(escrow, f.staking.address, split.stakers);
              m.released += amount;
              m.milestones[m.current] = 'released';
              m.current += 1;
              m.deliverable = undefined;
              if (m.current === m.amounts.length) m.status = 'completed';
            },
          };
        }
        case 'failOverdue':
          return {
            ok: m.status === 'funded' && now > overdueAt(m, terms),
            send: () => x.byId('failOverdueMilestone', f.outsider, m.id),
            apply: () => {
              m.milestones[m.current] = 'overdue';
              m.status = 'failed';
            },
          };
        case 'withdrawUnfunded': {
          const who = f.backers[a.backer] as Address;
          const contribution = m.contributions.get(who) ?? 0n;
          return {
            ok: canWithdrawUnfunded(m, now, who),
            send: () => x.byId('withdrawUnfunded', who, m.id),
            apply: () => {
              if (m.status === 'funding') m.status = 'unfunded';
              m.contributions.set(who, 0n);
              m.refunded += contribution;
              m.refundedContribution += contribution;
              move(escrow, who, contribution);
            },
          };
        }
        case 'withdrawRemainder': {
          const who = f.backers[a.backer] as Address;
          const contribution = m.contributions.get(who) ?? 0n;
          return {
            ok: m.status === 'failed' && contribution > 0n,
            send: () => x.byId('withdrawRemainder', who, m.id),
            apply: () => {
              const share = remainderShare(m, contribution);
              move(escrow, who, share);
              m.refunded += share;
              m.refundedContribution += contribution;
              m.contributions.set(who, 0n);
            },
          };
        }
      }
    }
  }, 600_000);
});
