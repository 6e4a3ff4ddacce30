import type { Address } from 'viem';
import { expect } from 'vitest';
import { revenueSourceId } from '../../src/revenueSourceId.js';
import { type Model, type Real, SUPPLY } from './invariantModel.js';

/**
 * Checks that the chain matches the model after a step, and that the invariants hold (see
 * `useInvariantHarness`).
 */
export async function checkInvariants(m: Model, r: Real) {
  const { f } = r;
  const read = f.read as (request: Record<string, unknown>) => Promise<unknown>;
  const [paymentBalance, supply, treasury, pending, balances, credits, escrows] = await Promise.all([
    f.balanceOf(f.payment.address),
    read({ ...f.token, functionName: 'totalSupply' }),
    read({ ...f.payment, functionName: 'treasuryBalance' }),
    read({ ...f.payment, functionName: 'pendingStakerRevenue' }),
    Promise.all(r.users.map((u) => read({ ...f.payment, functionName: 'userBalances', args: [u] }))),
    Promise.all(r.nodes.map((n) => read({ ...f.payment, functionName: 'nodes', args: [n] }))),
    Promise.all(
      m.tasks.filter((t) => t.open).map((t) => read({ ...f.payment, functionName: 'tasks', args: [t.id] })),
    ),
  ]);
  expect(balances).toEqual(m.balances);
  expect((credits as bigint[][]).map((c) => c[0])).toEqual(m.nodeCredits);
  expect(treasury).toBe(m.treasury);
  expect(pending).toBe(m.pendingStakers);
  const openEscrow = (escrows as [Address, number, number, bigint][]).reduce((sum, t) => sum + t[3], 0n);
  expect(openEscrow).toBe(m.tasks.filter((t) => t.open).reduce((sum, t) => sum + t.escrow, 0n));
  const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);
  expect(paymentBalance).toBe(
    sum(m.balances) + openEscrow + sum(m.nodeCredits) + m.treasury + m.pendingStakers,
  );
  expect(supply).toBe(SUPPLY);

  // The views evaluate at the latest block, which may lie before model.now (advanceTime mines nothing).
  const latest = await f.chain.latestTimestamp();
  const [authorizations, scheduled] = (await Promise.all([
    Promise.all(
      r.users.map((u) => read({ ...f.payment, functionName: 'spendingAuthorizationOf', args: [u] })),
    ),
    Promise.all(
      r.users.map((u) => read({ ...f.payment, functionName: 'scheduledSpendingAuthorizationOf', args: [u] })),
    ),
  ])) as [bigint[][], bigint[][]];
  for (const u of r.users.keys()) {
    const pending = m.scheduled[u];
    const due = pending !== undefined && pending.effectiveAt <= latest;
    expect(authorizations[u]).toEqual([
      due ? pending.cap : m.allowances[u],
      due ? pending.expiry : m.expiries[u],
      m.nonces[u],
    ]);
    expect(scheduled[u]).toEqual(
      pending && !due ? [pending.cap, pending.expiry, pending.effectiveAt, pending.nonce] : [0n, 0n, 0n, 0n],
    );
  }

  const [notifiedTotal, ...notifiedBySource] = (await Promise.all([
    read({ ...f.staking, functionName: 'totalRevenueNotified' }),
    ...(['inference', 'gaming'] as const).map((service) =>
      read({ ...f.staking, functionName: 'revenueBySource', args: [revenueSourceId(service)] }),
    ),
  ])) as bigint[];
  expect(notifiedBySource).toEqual([m.notified.inference, m.notified.gaming]);
  expect(notifiedTotal).toBe(sum(notifiedBySource));

  const [stakingBalance, totalStaked, reserve, pendingRevenue, funded, paid, stored, accounts, claimable] =
    (await Promise.all([
      f.balanceOf(f.staking.address),
      read({ ...f.staking, functionName: 'totalStaked' }),
      read({ ...f.staking, functionName: 'rewardReserve' }),
      read({ ...f.staking, functionName: 'pendingRevenue' }),
      read({ ...f.staking, functionName: 'totalRewardsFunded' }),
      read({ ...f.staking, functionName: 'totalRewardsPaid' }),
      read({ ...f.staking, functionName: 'rewardPerTokenStored' }),
      Promise.all(r.users.map((u) => read({ ...f.staking, functionName: 'accounts', args: [u] }))),
      Promise.all(r.users.map((u) => read({ ...f.staking, functionName: 'calculateRewards', args: [u] }))),
    ])) as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, [bigint, bigint, bigint][], bigint[]];
  // What stakers are owed as of the last accrual, consistent with the stored reserve and pending revenue.
  const owed = sum(
    accounts.map(
      ([effective, paidPerToken, rewards]) => rewards + (effective * (stored - paidPerToken)) / 10n ** 18n,
    ),
  );
  expect(paid + sum(claimable)).toBeLessThanOrEqual(funded);
  expect(stakingBalance).toBeGreaterThanOrEqual(totalStaked + reserve + pendingRevenue + owed);
  expect(totalStaked).toBe(sum(m.positions.flat().map((p) => p.amount)));
}
