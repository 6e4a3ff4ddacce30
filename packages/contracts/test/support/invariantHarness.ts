// biome-ignore-all lint/style/noNonNullAssertion: the model indexes fixed-length arrays by generated in-range indices.
import fc from 'fast-check';
import { type Hex, parseEther } from 'viem';
import { beforeAll } from 'vitest';
import { revenueSourceId } from '../../src/revenueSourceId.js';
import { spendingAuthorizationDomain } from '../../src/spendingAuthorizationDomain.js';
import { spendingAuthorizationTypes } from '../../src/spendingAuthorizationTypes.js';
import { checkInvariants } from './checkInvariants.js';
import { deployFixture, type Fixture } from './deployFixture.js';
import { Withdraw } from './escrowCommands.js';
import { AUTHORIZED_USERS, HOUR, type Model, NODE_COUNT, type Real, USER_COUNT } from './invariantModel.js';

/*
 * Stateful property tests: fast-check generates short sequences of user, node, coordinator and admin
 * actions, runs them against the in-process chain and against a plain TypeScript model, and after every
 * step checks that the chain matches the model and that these invariants hold:
 *   - InferencePayment's FAR balance = Σ escrow (balances + open tasks) + Σ node credits + treasury credit
 *     + the stakers' share not yet handed to FARStaking;
 *   - FAR total supply = 1e27;
 *   - FARStaking: Σ rewards paid + Σ rewards claimable ≤ Σ funded, and it holds at least stake + reserve + pending;
 *     revenue arrives from two sources (InferencePayment as `inference`, a second service contract as
 *     `gaming`) into one accumulator, each source's total is what it handed over, and they sum to the total;
 *   - collectability: no user action (a lower cap, an earlier expiry, a replacing authorization, a revocation)
 *     lowers what the coordinator can debit before the grace period has passed, and escrow leaves the
 *     balance (withdraw, createTask) only while no authorization is live or scheduled; the live and the
 *     scheduled authorization the contract reports match the model's.
 * Each sequence starts from the same snapshot (evm_snapshot / evm_revert). PROPERTY_RUNS sets the number
 * of sequences (default 1,000).
 */

/** How many sequences the property tests run (PROPERTY_RUNS, default 1,000). */
export const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);

/** One action the property tests may generate. */
export type InvariantCommand = fc.Arbitrary<fc.AsyncCommand<Model, Real>>;

/**
 * Deploys the contracts once, sets up users, nodes and a second revenue source, and snapshots the chain.
 * Call it inside a `describe`: it registers the `beforeAll` there.
 * @returns `holdFor(allowed, maxCommands, numRuns)`: runs that many generated sequences of `allowed`,
 *   each from the snapshot, and checks the invariants after each.
 */
export function useInvariantHarness() {
  let f: Fixture;
  let real: Real;
  let baseTimestamp: bigint;
  let base: Hex;
  const authorizationCap = parseEther('60');
  let authorizationExpiry: bigint;

  beforeAll(async () => {
    f = await deployFixture();
    const users = f.users.slice(0, USER_COUNT);
    const nodes = f.users.slice(USER_COUNT, USER_COUNT + NODE_COUNT);
    const service = f.users[USER_COUNT + NODE_COUNT]!;
    real = { f, users, nodes, service };
    await f.write(f.admin, {
      ...f.staking,
      functionName: 'setRevenueSource',
      args: [service, revenueSourceId('gaming')],
    });
    await f.approve(service, f.staking.address, parseEther('1000000'));
    for (const n of nodes)
      await f.write(f.coordinator, { ...f.payment, functionName: 'registerNode', args: [n] });
    await f.approve(f.admin, f.staking.address, parseEther('100000000'));
    await f.write(f.admin, { ...f.staking, functionName: 'fundReserve', args: [parseEther('100')] });
    authorizationExpiry = (await f.chain.latestTimestamp()) + 10n * 365n * 24n * HOUR;
    for (const u of users) {
      await f.approve(u, f.payment.address, parseEther('1000000'));
      await f.approve(u, f.staking.address, parseEther('1000000'));
      await f.write(u, { ...f.payment, functionName: 'deposit', args: [parseEther('20')] });
      if (users.indexOf(u) >= AUTHORIZED_USERS) continue;
      const authorization = { user: u, cap: authorizationCap, expiry: authorizationExpiry, nonce: 1n };
      const signature = await f.chain.walletFor(u).signTypedData({
        domain: spendingAuthorizationDomain(31337, f.payment.address),
        types: spendingAuthorizationTypes,
        primaryType: 'SpendingAuthorization',
        message: authorization,
      });
      await f.write(f.coordinator, {
        ...f.payment,
        functionName: 'acceptSpendingAuthorization',
        args: [authorization, signature],
      });
    }
    baseTimestamp = await f.chain.latestTimestamp();
    base = await f.chain.snapshot();
  });

  const initialModel = (): Model => ({
    now: baseTimestamp,
    balances: Array(USER_COUNT).fill(parseEther('20')),
    allowances: Array.from({ length: USER_COUNT }, (_, u) => (u < AUTHORIZED_USERS ? authorizationCap : 0n)),
    expiries: Array.from({ length: USER_COUNT }, (_, u) => (u < AUTHORIZED_USERS ? authorizationExpiry : 0n)),
    nonces: Array.from({ length: USER_COUNT }, (_, u) => (u < AUTHORIZED_USERS ? 1n : 0n)),
    scheduled: Array(USER_COUNT).fill(undefined),
    tasks: [],
    nodeCredits: Array(NODE_COUNT).fill(0n),
    treasury: 0n,
    pendingStakers: 0n,
    notified: { inference: 0n, gaming: 0n },
    nextBatchId: 1n,
    positions: Array.from({ length: USER_COUNT }, () => []),
  });
  const holdFor = (allowed: InvariantCommand[], maxCommands: number, numRuns: number) =>
    fc.assert(
      fc.asyncProperty(fc.commands(allowed, { maxCommands }), async (sequence) => {
        await f.chain.revert(base);
        base = await f.chain.snapshot();
        const model = initialModel();
        await fc.asyncModelRun(() => ({ model, real }), sequence);
        // Every user then tries to take escrow out: whatever state the sequence left, it is refused
        // exactly while an authorization is live or scheduled.
        for (const u of real.users.keys()) await new Withdraw(u, 1n).run(model, real);
        await checkInvariants(model, real);
      }),
      { numRuns },
    );
  return { holdFor };
}
