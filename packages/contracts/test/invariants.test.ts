// biome-ignore-all lint/style/noNonNullAssertion: the model indexes fixed-length arrays by generated in-range indices.
/**
 * Stateful property test: fast-check generates short sequences of user, node, coordinator and admin
 * actions, runs them against the in-process chain and against a plain TypeScript model, and after every
 * step checks that the chain matches the model and that these invariants hold:
 *   - InferencePayment's FAR balance = Σ escrow (balances + open tasks) + Σ node credits + treasury credit
 *     + the stakers' share not yet handed to FARStaking;
 *   - FAR total supply = 1e27;
 *   - FARStaking: Σ rewards paid + Σ rewards claimable ≤ Σ funded, and it holds at least stake + reserve + pending.
 * Each sequence starts from the same snapshot (evm_snapshot / evm_revert). PROPERTY_RUNS sets the number
 * of sequences (default 1,000).
 */
import fc from 'fast-check';
import { type Address, type Hex, parseEther } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSettlementBatch } from '../src/buildSettlementBatch.js';
import { spendingAuthorizationDomain } from '../src/spendingAuthorizationDomain.js';
import { spendingAuthorizationTypes } from '../src/spendingAuthorizationTypes.js';
import { splitRevenue } from '../src/splitRevenue.js';
import { deployFixture, type Fixture, revertNameOf, taskId } from './deployFixture.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);
const USER_COUNT = 4;
/** Users 0..AUTHORIZED_USERS-1 start with a stored spending authorization; the others use the per-task path. */
const AUTHORIZED_USERS = 2;
const NODE_COUNT = 2;
const HOUR = 3600n;
const TASK_TIMEOUT = HOUR;
const GRACE = HOUR;
const LOCK_SECONDS = [0n, 30n, 90n, 180n, 365n].map((days) => days * 24n * HOUR);
const SUPPLY = 10n ** 27n;

type Model = {
  now: bigint;
  balances: bigint[];
  allowances: bigint[];
  expiries: bigint[];
  tasks: { id: Hex; user: number; escrow: bigint; createdAt: bigint; open: boolean }[];
  nodeCredits: bigint[];
  treasury: bigint;
  pendingStakers: bigint;
  nextBatchId: bigint;
  positions: { amount: bigint; unlockAt: bigint }[][];
};

type Real = { f: Fixture; users: Address[]; nodes: Address[] };

/** Sends a transaction in the next block (timestamp model.now + 1) and returns its revert name, if any. */
async function send(
  m: Model,
  r: Real,
  from: Address,
  request: Record<string, unknown>,
): Promise<string | undefined> {
  m.now += 1n;
  await r.f.chain.setNextBlockTimestamp(m.now);
  try {
    await r.f.write(from, request as never);
    return undefined;
  } catch (error) {
    const name = revertNameOf(error);
    if (!name) throw error;
    return name;
  }
}

const liveAuthorization = (m: Model, user: number, at: bigint) =>
  m.allowances[user]! > 0n && m.expiries[user]! >= at;

const amount = fc.oneof(fc.bigInt({ min: 1n, max: parseEther('30') }), fc.bigInt({ min: 1n, max: 1000n }));
const user = fc.integer({ min: 0, max: USER_COUNT - 1 });
const node = fc.integer({ min: 0, max: NODE_COUNT - 1 });
const score = fc.integer({ min: 0, max: 150 });

class Deposit implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly user: number,
    readonly amount: bigint,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const error = await send(m, r, r.users[this.user]!, {
      ...r.f.payment,
      functionName: 'deposit',
      args: [this.amount],
    });
    expect(error).toBeUndefined();
    m.balances[this.user]! += this.amount;
  }
  toString = () => `deposit(u${this.user}, ${this.amount})`;
}

class Withdraw implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly user: number,
    readonly amount: bigint,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const at = m.now + 1n;
    const error = await send(m, r, r.users[this.user]!, {
      ...r.f.payment,
      functionName: 'withdraw',
      args: [this.amount],
    });
    if (liveAuthorization(m, this.user, at)) return void expect(error).toBe('SpendingAuthorizationActive');
    if (this.amount > m.balances[this.user]!) return void expect(error).toBe('InsufficientBalance');
    expect(error).toBeUndefined();
    m.balances[this.user]! -= this.amount;
  }
  toString = () => `withdraw(u${this.user}, ${this.amount})`;
}

class RevokeAuthorization implements fc.AsyncCommand<Model, Real> {
  constructor(readonly user: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const error = await send(m, r, r.users[this.user]!, {
      ...r.f.payment,
      functionName: 'revokeSpendingAuthorization',
      args: [0n],
    });
    expect(error).toBeUndefined();
    if (m.expiries[this.user]! > m.now + GRACE) m.expiries[this.user] = m.now + GRACE;
  }
  toString = () => `revoke(u${this.user})`;
}

class CreateTask implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly user: number,
    readonly estimate: bigint,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const id = taskId(m.tasks.length + 1);
    const at = m.now + 1n;
    const error = await send(m, r, r.users[this.user]!, {
      ...r.f.payment,
      functionName: 'createTask',
      args: [id, this.estimate],
    });
    if (liveAuthorization(m, this.user, at)) return void expect(error).toBe('SpendingAuthorizationActive');
    if (this.estimate > m.balances[this.user]!) return void expect(error).toBe('InsufficientBalance');
    expect(error).toBeUndefined();
    m.balances[this.user]! -= this.estimate;
    m.tasks.push({ id, user: this.user, escrow: this.estimate, createdAt: m.now, open: true });
  }
  toString = () => `createTask(u${this.user}, ${this.estimate})`;
}

class CompleteTask implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly pick: number,
    readonly node: number,
    readonly actual: bigint,
    readonly score: number,
  ) {}
  check = (m: Readonly<Model>) => m.tasks.length > 0;
  async run(m: Model, r: Real) {
    const task = m.tasks[this.pick % m.tasks.length]!;
    const error = await send(m, r, r.f.coordinator, {
      ...r.f.payment,
      functionName: 'completeTask',
      args: [task.id, r.nodes[this.node]!, this.actual, BigInt(this.score)],
    });
    if (!task.open) return void expect(error).toBe('TaskNotOpen');
    expect(error).toBeUndefined();
    // biome-ignore lint/complexity/useMathMinMax: bigint operands; Math.min does not take bigints.
    const charged = this.actual < task.escrow ? this.actual : task.escrow;
    const split = splitRevenue(charged, this.score);
    task.open = false;
    m.balances[task.user]! += task.escrow - charged;
    m.nodeCredits[this.node]! += split.node;
    m.treasury += split.treasury;
    m.pendingStakers += split.stakers;
  }
  toString = () => `completeTask(#${this.pick}, n${this.node}, ${this.actual}, ${this.score})`;
}

class RefundTask implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.tasks.length > 0;
  async run(m: Model, r: Real) {
    const task = m.tasks[this.pick % m.tasks.length]!;
    const at = m.now + 1n;
    const error = await send(m, r, r.users[0]!, {
      ...r.f.payment,
      functionName: 'refundTask',
      args: [task.id],
    });
    if (!task.open) return void expect(error).toBe('TaskNotOpen');
    if (at < task.createdAt + TASK_TIMEOUT) return void expect(error).toBe('TaskNotExpired');
    expect(error).toBeUndefined();
    task.open = false;
    m.balances[task.user]! += task.escrow;
  }
  toString = () => `refundTask(#${this.pick})`;
}

class SettleBatch implements fc.AsyncCommand<Model, Real> {
  constructor(readonly charges: { user: number; node: number; cost: bigint; score: number }[]) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const batch = buildSettlementBatch(
      this.charges.map((c) => ({
        user: r.users[c.user]!,
        node: r.nodes[c.node]!,
        actualCost: c.cost,
        performanceScore: c.score,
      })),
    );
    const at = m.now + 1n;
    const error = await send(m, r, r.f.coordinator, {
      ...r.f.payment,
      functionName: 'settleBatch',
      args: [m.nextBatchId, batch.debits, batch.credits, batch.stakersShare, batch.treasuryShare, []],
    });
    // The contract checks users in debit order; the first failing one decides the error.
    for (const [address, debit] of batch.debitsByUser) {
      const u = r.users.indexOf(address);
      if (m.expiries[u]! < at) return void expect(error).toBe('AuthorizationExpired');
      if (debit > m.allowances[u]!) return void expect(error).toBe('SpendingCapExceeded');
      if (debit > m.balances[u]!) return void expect(error).toBe('InsufficientBalance');
    }
    expect(error).toBeUndefined();
    for (const [address, debit] of batch.debitsByUser) {
      const u = r.users.indexOf(address);
      m.balances[u]! -= debit;
      m.allowances[u]! -= debit;
    }
    for (const [address, credit] of batch.creditsByNode) m.nodeCredits[r.nodes.indexOf(address)]! += credit;
    m.treasury += batch.treasuryShare;
    m.pendingStakers = 0n;
    m.nextBatchId += 1n;
  }
  toString = () =>
    `settleBatch(${this.charges.map((c) => `u${c.user}→n${c.node}:${c.cost}@${c.score}`).join(',')})`;
}

class WithdrawEarnings implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly node: number,
    readonly fraction: number,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const credit = m.nodeCredits[this.node]!;
    const requested = (credit * BigInt(this.fraction)) / 100n + (this.fraction > 100 ? 1n : 0n);
    const error = await send(m, r, r.nodes[this.node]!, {
      ...r.f.payment,
      functionName: 'withdrawEarnings',
      args: [requested],
    });
    if (requested === 0n) return void expect(error).toBe('ZeroAmount');
    if (requested > credit) return void expect(error).toBe('InsufficientCredit');
    expect(error).toBeUndefined();
    m.nodeCredits[this.node]! -= requested;
  }
  toString = () => `withdrawEarnings(n${this.node}, ${this.fraction}%)`;
}

class WithdrawTreasury implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(m: Model, r: Real) {
    const error = await send(m, r, r.users[1]!, { ...r.f.payment, functionName: 'withdrawTreasury' });
    if (m.treasury === 0n) return void expect(error).toBe('NothingToWithdraw');
    expect(error).toBeUndefined();
    m.treasury = 0n;
  }
  toString = () => 'withdrawTreasury()';
}

class FlushStakerRevenue implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(m: Model, r: Real) {
    const error = await send(m, r, r.users[2]!, { ...r.f.payment, functionName: 'flushStakerRevenue' });
    if (m.pendingStakers === 0n) return void expect(error).toBe('NothingToWithdraw');
    expect(error).toBeUndefined();
    m.pendingStakers = 0n;
  }
  toString = () => 'flushStakerRevenue()';
}

class Stake implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly user: number,
    readonly amount: bigint,
    readonly tier: number,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const error = await send(m, r, r.users[this.user]!, {
      ...r.f.staking,
      functionName: 'stake',
      args: [this.amount, this.tier],
    });
    expect(error).toBeUndefined();
    m.positions[this.user]!.push({ amount: this.amount, unlockAt: m.now + LOCK_SECONDS[this.tier]! });
  }
  toString = () => `stake(u${this.user}, ${this.amount}, tier ${this.tier})`;
}

class Unstake implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly user: number,
    readonly pick: number,
  ) {}
  check = (m: Readonly<Model>) => m.positions[this.user]!.some((p) => p.amount > 0n);
  async run(m: Model, r: Real) {
    const positions = m.positions[this.user]!;
    const id = this.pick % positions.length;
    const position = positions[id]!;
    const at = m.now + 1n;
    const error = await send(m, r, r.users[this.user]!, {
      ...r.f.staking,
      functionName: 'unstake',
      args: [BigInt(id), position.amount],
    });
    if (position.amount === 0n) return void expect(error).toBe('ZeroAmount');
    if (at < position.unlockAt) return void expect(error).toBe('StillLocked');
    expect(error).toBeUndefined();
    position.amount = 0n;
  }
  toString = () => `unstake(u${this.user}, #${this.pick})`;
}

class ClaimRewards implements fc.AsyncCommand<Model, Real> {
  constructor(readonly user: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const error = await send(m, r, r.users[this.user]!, { ...r.f.staking, functionName: 'claimRewards' });
    expect([undefined, 'NothingToClaim']).toContain(error);
  }
  toString = () => `claimRewards(u${this.user})`;
}

class FundReserve implements fc.AsyncCommand<Model, Real> {
  constructor(readonly amount: bigint) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const error = await send(m, r, r.f.admin, {
      ...r.f.staking,
      functionName: 'fundReserve',
      args: [this.amount],
    });
    expect(error).toBeUndefined();
  }
  toString = () => `fundReserve(${this.amount})`;
}

class SetRewardRate implements fc.AsyncCommand<Model, Real> {
  constructor(readonly rate: bigint) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const error = await send(m, r, r.f.admin, {
      ...r.f.staking,
      functionName: 'setRewardRate',
      args: [this.rate],
    });
    expect(error).toBeUndefined();
  }
  toString = () => `setRewardRate(${this.rate})`;
}

class AdvanceTime implements fc.AsyncCommand<Model, Real> {
  constructor(readonly seconds: bigint) {}
  check = () => true;
  async run(m: Model) {
    m.now += this.seconds;
  }
  toString = () => `advanceTime(${this.seconds})`;
}

const commands = [
  fc.tuple(user, amount).map(([u, a]) => new Deposit(u, a)),
  fc.tuple(user, amount).map(([u, a]) => new Withdraw(u, a)),
  user.map((u) => new RevokeAuthorization(u)),
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
  fc.bigInt({ min: 0n, max: 10_000n }).map((rate) => new SetRewardRate(rate)),
  fc.constantFrom(1n, 600n, HOUR, 31n * 24n * HOUR).map((s) => new AdvanceTime(s)),
];

async function checkInvariants(m: Model, r: Real) {
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

describe('invariants under random action sequences', () => {
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
    real = { f, users, nodes };
    for (const n of nodes)
      await f.write(f.coordinator, { ...f.payment, functionName: 'registerNode', args: [n] } as never);
    await f.approve(f.admin, f.staking.address, parseEther('100000000'));
    await f.write(f.admin, { ...f.staking, functionName: 'fundReserve', args: [parseEther('100')] } as never);
    authorizationExpiry = (await f.chain.latestTimestamp()) + 10n * 365n * 24n * HOUR;
    for (const u of users) {
      await f.approve(u, f.payment.address, parseEther('1000000'));
      await f.approve(u, f.staking.address, parseEther('1000000'));
      await f.write(u, { ...f.payment, functionName: 'deposit', args: [parseEther('20')] } as never);
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
      } as never);
    }
    baseTimestamp = await f.chain.latestTimestamp();
    base = await f.chain.snapshot();
  });

  it(`hold for ${RUNS} sequences`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 8 }), async (sequence) => {
        await f.chain.revert(base);
        base = await f.chain.snapshot();
        const model: Model = {
          now: baseTimestamp,
          balances: Array(USER_COUNT).fill(parseEther('20')),
          allowances: Array.from({ length: USER_COUNT }, (_, u) =>
            u < AUTHORIZED_USERS ? authorizationCap : 0n,
          ),
          expiries: Array.from({ length: USER_COUNT }, (_, u) =>
            u < AUTHORIZED_USERS ? authorizationExpiry : 0n,
          ),
          tasks: [],
          nodeCredits: Array(NODE_COUNT).fill(0n),
          treasury: 0n,
          pendingStakers: 0n,
          nextBatchId: 1n,
          positions: Array.from({ length: USER_COUNT }, () => []),
        };
        await fc.asyncModelRun(() => ({ model, real }), sequence);
        await checkInvariants(model, real);
      }),
      { numRuns: RUNS },
    );
  }, 900_000);
});
