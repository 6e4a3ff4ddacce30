import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  CompleteTask,
  CreateTask,
  Deposit,
  RefundTask,
  RevokeAuthorization,
  Withdraw,
} from './support/escrowCommands.js';
import { amount, authorizeBy, node, score, user } from './support/invariantArbitraries.js';
import { type InvariantCommand, RUNS, useInvariantHarness } from './support/invariantHarness.js';
import { AdvanceTime, HOUR } from './support/invariantModel.js';
import {
  FlushStakerRevenue,
  SettleBatch,
  WithdrawEarnings,
  WithdrawTreasury,
} from './support/settlementCommands.js';
import {
  ClaimRewards,
  FundReserve,
  NotifyServiceRevenue,
  SetRewardRate,
  Stake,
  Unstake,
} from './support/stakingCommands.js';

/*
 * Every user, node, coordinator and admin action, in short random sequences: the chain matches the
 * model and the invariants hold after every step (listed in support/invariantHarness.ts).
 */

const authorize = authorizeBy(user);

const commands: InvariantCommand[] = [
  fc.tuple(user, amount).map(([u, a]) => new Deposit(u, a)),
  fc.tuple(user, amount).map(([u, a]) => new Withdraw(u, a)),
  user.map((u) => new RevokeAuthorization(u)),
  authorize,
  fc.tuple(user, amount).map(([u, a]) => new CreateTask(u, a)),
  fc.tuple(fc.nat(), node, amount, score).map(([p, n, a, s]) => new CompleteTask(p, n, a, s)),
  fc.nat().map((p) => new RefundTask(p)),
  fc
    .array(fc.record({ user, node, cost: amount, score }), { minLength: 0, maxLength: 5 })
    .map((charges) => new SettleBatch(charges)),
  fc.tuple(node, fc.integer({ min: 0, max: 101 })).map(([n, pct]) => new WithdrawEarnings(n, pct)),
  fc.constant(new WithdrawTreasury()),
  fc.constant(new FlushStakerRevenue()),
  fc.tuple(user, amount, fc.integer({ min: 0, max: 4 })).map(([u, a, t]) => new Stake(u, a, t)),
  fc.tuple(user, fc.nat()).map(([u, p]) => new Unstake(u, p)),
  user.map((u) => new ClaimRewards(u)),
  amount.map((a) => new FundReserve(a)),
  amount.map((a) => new NotifyServiceRevenue(a)),
  fc.bigInt({ min: 0n, max: 10_000n }).map((rate) => new SetRewardRate(rate)),
  fc.constantFrom(1n, 600n, HOUR, 31n * 24n * HOUR).map((s) => new AdvanceTime(s)),
];

describe('invariants under random action sequences', () => {
  const { holdFor } = useInvariantHarness();

  it(`hold for ${RUNS} sequences`, async () => {
    await holdFor(commands, 8, RUNS);
  }, 900_000);
});
