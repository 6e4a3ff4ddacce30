import fc from 'fast-check';
import { describe, it } from 'vitest';
import { CreateTask, Deposit, RevokeAuthorization, Withdraw } from './support/escrowCommands.js';
import { amount, authorizeBy, node, score } from './support/invariantArbitraries.js';
import { type InvariantCommand, RUNS, useInvariantHarness } from './support/invariantHarness.js';
import { AdvanceTime, AUTHORIZED_USERS, GRACE, HOUR } from './support/invariantModel.js';
import { DebitAll, SettleBatch } from './support/settlementCommands.js';

/**
 * Only what moves escrow or authorizations, for one user who starts authorized and one who does not,
 * with authorizing weighted up, so that sequences such as reduce → reduce again → wait past the first
 * clamp → withdraw come up often.
 */
const focusUser = fc.constantFrom(0, AUTHORIZED_USERS);
const authorizationCommands: InvariantCommand[] = [
  fc.tuple(focusUser, amount).map(([u, a]) => new Deposit(u, a)),
  fc.tuple(focusUser, amount).map(([u, a]) => new Withdraw(u, a)),
  fc.tuple(focusUser, amount).map(([u, a]) => new CreateTask(u, a)),
  focusUser.map((u) => new RevokeAuthorization(u)),
  authorizeBy(focusUser),
  authorizeBy(focusUser),
  authorizeBy(focusUser),
  fc.tuple(focusUser, node).map(([u, n]) => new DebitAll(u, n)),
  fc
    .array(fc.record({ user: focusUser, node, cost: amount, score }), { minLength: 1, maxLength: 3 })
    .map((charges) => new SettleBatch(charges)),
  fc.constantFrom(1n, 600n, GRACE - 2n, GRACE, 31n * 24n * HOUR).map((s) => new AdvanceTime(s)),
];

describe('invariants under random action sequences', () => {
  const { holdFor } = useInvariantHarness();

  // Half as many: each sequence is longer, and the first property already mixes these actions in.
  it(`hold for ${Math.ceil(RUNS / 2)} longer sequences of authorizing, settling and withdrawing`, async () => {
    await holdFor(authorizationCommands, 12, Math.ceil(RUNS / 2));
  }, 900_000);
});
