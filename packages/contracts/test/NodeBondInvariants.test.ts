/**
 * Property test of NodeBond: fast-check generates random sequences of bonds, unbond requests,
 * withdrawals, slash proposals (with refunds), contests, operator decisions, executions, refund
 * claims and time travel over two owners' bonds; each step runs on the in-process chain (a step the
 * contract refuses is skipped). After every step, read from the chain:
 *   - NodeBond's FAR balance = Σ bonds + refunds owed, to the wei;
 *   - no wei is created or lost: the FAR held by the owners, the harmed users, the treasury and
 *     NodeBond together never changes;
 *   - each bond's pending slash = Σ its proposed or contested slashes, and never more than the bond;
 *   - the treasury has received exactly Σ (amount − refunds) of the executed slashes, and the harmed
 *     users' refunds (owed + claimed) exactly Σ their refunds.
 * PROPERTY_RUNS sets the number of sequences (default 25 here: each step is a transaction).
 */
import fc from 'fast-check';
import { type Address, type Hex, parseEther } from 'viem';
import { describe, expect, it } from 'vitest';
import { evidence, type NodeBondTestbed, useNodeBondTestbed } from './support/nodeBondTestbed.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 25);
/** Successful actions by kind across all runs: the sequences must reach every path, not only reverts. */
const succeeded = new Map<Action['kind'], number>();
const DAY = 86_400n;

type Action =
  | { kind: 'bond'; who: number; far: number }
  | { kind: 'unbond'; who: number; far: number }
  | { kind: 'withdraw'; who: number }
  | { kind: 'propose'; who: number; far: number; refundFar: number }
  | { kind: 'contest'; slash: number }
  | { kind: 'decide'; slash: number; upheld: boolean }
  | { kind: 'execute'; slash: number }
  | { kind: 'claim'; user: number }
  | { kind: 'wait'; seconds: bigint };

const who = fc.integer({ min: 0, max: 1 });
const far = fc.integer({ min: 1, max: 400 });
const slash = fc.integer({ min: 0, max: 5 });
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('bond' as const),
      who,
      far: fc.integer({ min: 100, max: 1500 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('unbond' as const), who, far }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), who }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('propose' as const),
      who,
      far,
      refundFar: fc.integer({ min: 0, max: 50 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('contest' as const), slash }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('decide' as const), slash, upheld: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('execute' as const), slash }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('claim' as const), user: fc.integer({ min: 0, max: 1 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('wait' as const), seconds: fc.bigInt(3600n, 9n * DAY) }),
  },
);

/** One sequence that reaches every path (run first, besides the random ones). */
const everyPath: Action[] = [
  { kind: 'unbond', who: 0, far: 300 },
  { kind: 'propose', who: 0, far: 200, refundFar: 20 },
  { kind: 'propose', who: 1, far: 100, refundFar: 0 },
  { kind: 'contest', slash: 1 },
  { kind: 'wait', seconds: 8n * DAY },
  { kind: 'withdraw', who: 0 },
  { kind: 'execute', slash: 0 },
  { kind: 'decide', slash: 1, upheld: false },
  // The refund of step 1's proposal went to harmed user 1.
  { kind: 'claim', user: 1 },
];

describe('NodeBond invariants under random sequences', () => {
  let t: NodeBondTestbed;
  useNodeBondTestbed((testbed) => {
    t = testbed;
  });

  it('holds every bond and owed refund, loses no wei, and pays slashes exactly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 4, maxLength: 14 }), async (actions) => {
        const snapshot = await t.f.chain.snapshot();
        try {
          await runSequence(t, actions);
        } finally {
          await t.f.chain.revert(snapshot);
        }
      }),
      { numRuns: RUNS, examples: [[everyPath]] },
    );
    for (const kind of [
      'bond',
      'unbond',
      'withdraw',
      'propose',
      'contest',
      'decide',
      'execute',
      'claim',
    ] as const)
      expect(succeeded.get(kind) ?? 0, kind).toBeGreaterThan(0);
  });
});

async function runSequence(t: NodeBondTestbed, actions: Action[]) {
  const owners = [t.owner, t.stranger] as const;
  const users = t.harmedUsers;
  const holders: Address[] = [...owners, ...users, t.f.treasury, t.nodeBond.address];
  const total = async () => {
    let sum = 0n;
    for (const holder of holders) sum += await t.f.balanceOf(holder);
    return sum;
  };
  const start = await total();
  const treasuryStart = await t.f.balanceOf(t.f.treasury);
  const usersStart = await Promise.all(users.map((u) => t.f.balanceOf(u)));
  const proposed: { hash: Hex; owner: Address }[] = [];
  // Both owners start bonded, so slashes and unbonds have something to act on.
  for (const owner of owners) await t.bond(parseEther('1000'), owner);
  for (const [step, a] of actions.entries()) {
    await attempt(t, a, owners, proposed, step);
    const slashes = await Promise.all(proposed.map(async (p) => ({ ...p, ...(await t.slashOf(p.hash)) })));
    let bonded = 0n;
    for (const owner of owners) {
      const bond = await t.bondOf(owner);
      bonded += bond.amount;
      const pending = slashes
        .filter((s) => s.owner === owner && (s.status === 1 || s.status === 2))
        .reduce((sum, s) => sum + s.amount, 0n);
      expect(bond.pendingSlash).toBe(pending);
      expect(bond.pendingSlash <= bond.amount && bond.unbonding <= bond.amount).toBe(true);
    }
    const owed = await t.f.read({ ...t.nodeBond, functionName: 'totalRefundsOwed' });
    expect(await t.f.balanceOf(t.nodeBond.address)).toBe(bonded + owed);
    expect(await total()).toBe(start);
    const executed = slashes.filter((s) => s.status === 3);
    const toTreasury = executed.reduce((sum, s) => sum + s.amount - s.refundTotal, 0n);
    expect((await t.f.balanceOf(t.f.treasury)) - treasuryStart).toBe(toTreasury);
    let refunded = 0n;
    for (const [i, u] of users.entries()) {
      const owedToUser = await t.f.read({ ...t.nodeBond, functionName: 'refundOf', args: [u] });
      refunded += owedToUser + (await t.f.balanceOf(u)) - (usersStart[i] ?? 0n);
    }
    expect(refunded).toBe(executed.reduce((sum, s) => sum + s.refundTotal, 0n));
  }
}

/** Runs one action; a revert is an allowed outcome (the invariants are checked either way). */
async function attempt(
  t: NodeBondTestbed,
  a: Action,
  owners: readonly Address[],
  proposed: { hash: Hex; owner: Address }[],
  step: number,
) {
  const owner = 'who' in a ? (owners[a.who] as Address) : t.owner;
  const target = 'slash' in a ? proposed[a.slash % Math.max(proposed.length, 1)] : undefined;
  if ('slash' in a && !target) return;
  try {
    if (a.kind === 'bond') await t.bond(parseEther(String(a.far)), owner);
    else if (a.kind === 'unbond') await t.requestUnbond(parseEther(String(a.far)), owner);
    else if (a.kind === 'withdraw') await t.withdraw(owner);
    else if (a.kind === 'propose') {
      const hash = evidence(`step-${step}-${proposed.length}`);
      const refunds =
        a.refundFar > 0
          ? ([[t.harmedUsers[step % 2] as Address, parseEther(String(a.refundFar))]] as const)
          : [];
      await t.propose(hash, parseEther(String(a.far)), refunds, t.oracle, owner);
      proposed.push({ hash, owner });
    } else if (a.kind === 'contest' && target) await t.contest(target.hash, target.owner);
    else if (a.kind === 'decide' && target) await t.decide(target.hash, a.upheld);
    else if (a.kind === 'execute' && target) await t.execute(target.hash);
    else if (a.kind === 'claim')
      await t.f.write(t.harmedUsers[a.user] as Address, { ...t.nodeBond, functionName: 'claimRefund' });
    else if (a.kind === 'wait') await t.pass(a.seconds);
    succeeded.set(a.kind, (succeeded.get(a.kind) ?? 0) + 1);
  } catch {
    // Refused by the contract: nothing changed, which the invariants confirm.
  }
}
