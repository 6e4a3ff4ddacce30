// biome-ignore-all lint/style/noNonNullAssertion: the model indexes fixed-length arrays by generated in-range indices.
/**
 * Stateful property test: fast-check generates short sequences of user, node, coordinator and admin
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
import fc from 'fast-check';
import { type Abi, type Address, type Hex, parseEther, type TransactionReceipt } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSettlementBatch } from '../src/buildSettlementBatch.js';
import { revenueSourceId } from '../src/revenueSourceId.js';
import { spendingAuthorizationDomain } from '../src/spendingAuthorizationDomain.js';
import { spendingAuthorizationTypes } from '../src/spendingAuthorizationTypes.js';
import { splitRevenue } from '../src/splitRevenue.js';
import {
  deployFixture,
  type Fixture,
  revertNameOf,
  skippedAuthorizations,
  taskId,
  type WriteArgs,
  type WriteFunctionName,
  type WriteRequest,
} from './deployFixture.js';

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

type Scheduled = { cap: bigint; expiry: bigint; effectiveAt: bigint; nonce: bigint };

type Model = {
  now: bigint;
  balances: bigint[];
  allowances: bigint[];
  expiries: bigint[];
  nonces: bigint[];
  scheduled: (Scheduled | undefined)[];
  tasks: { id: Hex; user: number; escrow: bigint; createdAt: bigint; open: boolean }[];
  nodeCredits: bigint[];
  treasury: bigint;
  pendingStakers: bigint;
  /** What each revenue source has handed to FARStaking. */
  notified: { inference: bigint; gaming: bigint };
  nextBatchId: bigint;
  positions: { amount: bigint; unlockAt: bigint }[][];
};

/** `service`: the second service contract, registered with FARStaking as the `gaming` revenue source. */
type Real = { f: Fixture; users: Address[]; nodes: Address[]; service: Address };

/** Sends a transaction in the next block (timestamp model.now + 1): its receipt, or its revert name. */
async function sendForReceipt<
  const abi extends Abi,
  functionName extends WriteFunctionName<abi>,
  const args extends WriteArgs<abi, functionName>,
>(
  m: Model,
  r: Real,
  from: Address,
  request: WriteRequest<abi, functionName, args>,
): Promise<{ receipt?: TransactionReceipt; error?: string }> {
  m.now += 1n;
  await r.f.chain.setNextBlockTimestamp(m.now);
  try {
    return { receipt: await r.f.write(from, request) };
  } catch (error) {
    const name = revertNameOf(error);
    if (!name) throw error;
    return { error: name };
  }
}

/** Sends a transaction in the next block (timestamp model.now + 1) and returns its revert name, if any. */
async function send<
  const abi extends Abi,
  functionName extends WriteFunctionName<abi>,
  const args extends WriteArgs<abi, functionName>,
>(m: Model, r: Real, from: Address, request: WriteRequest<abi, functionName, args>) {
  return (await sendForReceipt(m, r, from, request)).error;
}

/**
 * Moves a scheduled authorization that is due at `at` into the live one. The contract does it lazily
 * (views, debits once the live one expired, accept, revoke, withdraw, createTask); since scheduling
 * clamps the live expiry to just before `effectiveAt`, doing it eagerly here is the same.
 */
function applyDueSchedule(m: Model, user: number, at: bigint) {
  const scheduled = m.scheduled[user];
  if (!scheduled || scheduled.effectiveAt > at) return;
  m.allowances[user] = scheduled.cap;
  m.expiries[user] = scheduled.expiry;
  m.scheduled[user] = undefined;
}

const liveAuthorization = (m: Model, user: number, at: bigint) => {
  applyDueSchedule(m, user, at);
  return m.allowances[user]! > 0n && m.expiries[user]! >= at;
};

/** The error withdraw or createTask must fail with while escrow may not leave the balance, if any. */
function escrowLocked(m: Model, user: number, at: bigint) {
  if (liveAuthorization(m, user, at)) return 'SpendingAuthorizationActive';
  if (m.scheduled[user]) return 'SpendingAuthorizationPending';
  return undefined;
}

/**
 * What the coordinator may still debit from `user` until the grace period after `at` has run: the live
 * allowance, until its expiry or the end of that period, whichever is first. No user action may lower it.
 */
function collectable(m: Model, user: number, at: bigint) {
  if (!liveAuthorization(m, user, at)) return { allowance: 0n, until: 0n };
  const end = at + GRACE - 1n;
  return { allowance: m.allowances[user]!, until: m.expiries[user]! < end ? m.expiries[user]! : end };
}

function expectStillCollectable(m: Model, user: number, before: ReturnType<typeof collectable>) {
  if (before.allowance === 0n) return;
  expect(m.allowances[user]!).toBeGreaterThanOrEqual(before.allowance);
  expect(m.expiries[user]!).toBeGreaterThanOrEqual(before.until);
}

/** The model's side of accepting a valid authorization: apply at once, or schedule a reduction. */
function acceptInModel(m: Model, user: number, cap: bigint, expiry: bigint, nonce: bigint, at: bigint) {
  const live = liveAuthorization(m, user, at);
  m.nonces[user] = nonce;
  if (!live || (cap >= m.allowances[user]! && expiry >= m.expiries[user]!)) {
    m.allowances[user] = cap;
    m.expiries[user] = expiry;
    m.scheduled[user] = undefined;
    return;
  }
  const effectiveAt = at + GRACE;
  if (m.expiries[user]! >= effectiveAt) m.expiries[user] = effectiveAt - 1n;
  m.scheduled[user] = { cap, expiry, effectiveAt, nonce };
}

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
    const locked = escrowLocked(m, this.user, at);
    if (locked) return void expect(error).toBe(locked);
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
    const at = m.now + 1n;
    const before = collectable(m, this.user, at);
    const error = await send(m, r, r.users[this.user]!, {
      ...r.f.payment,
      functionName: 'revokeSpendingAuthorization',
      args: [0n],
    });
    expect(error).toBeUndefined();
    m.scheduled[this.user] = undefined;
    if (m.expiries[this.user]! > at + GRACE) m.expiries[this.user] = at + GRACE;
    expectStillCollectable(m, this.user, before);
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
    const locked = escrowLocked(m, this.user, at);
    if (locked) return void expect(error).toBe(locked);
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
      applyDueSchedule(m, u, at);
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
    m.notified.inference += m.pendingStakers + batch.stakersShare;
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
    m.notified.inference += m.pendingStakers;
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

/** The second service's contract hands revenue to stakers, into the same accumulator as inference. */
class NotifyServiceRevenue implements fc.AsyncCommand<Model, Real> {
  constructor(readonly amount: bigint) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const error = await send(m, r, r.service, {
      ...r.f.staking,
      functionName: 'notifyRevenue',
      args: [this.amount],
    });
    expect(error).toBeUndefined();
    m.notified.gaming += this.amount;
  }
  toString = () => `notifyServiceRevenue(${this.amount})`;
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

/** The coordinator settles exactly what is left to collect from a user: the whole allowance or escrow. */
class DebitAll implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly user: number,
    readonly node: number,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const at = m.now + 1n;
    // Read without applying a due schedule: if nothing is sent, no block at `at` exists to apply it in.
    const scheduled = m.scheduled[this.user];
    const due = scheduled !== undefined && scheduled.effectiveAt <= at;
    const allowance = due ? scheduled.cap : m.allowances[this.user]!;
    const live = allowance > 0n && (due ? scheduled.expiry : m.expiries[this.user]!) >= at;
    const balance = m.balances[this.user]!;
    // biome-ignore lint/complexity/useMathMinMax: bigint operands; Math.min does not take bigints.
    const cost = allowance < balance ? allowance : balance;
    if (!live || cost === 0n) return;
    await new SettleBatch([{ user: this.user, node: this.node, cost, score: 80 }]).run(m, r);
  }
  toString = () => `debitAll(u${this.user}, n${this.node})`;
}

/**
 * A user (or a forger) signs a spending authorization that raises or lowers the cap, moves the expiry
 * either way, or reuses a nonce, and it reaches the contract directly or carried by a settleBatch.
 */
class Authorize implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly user: number,
    readonly capPick: number,
    readonly expiryPick: number,
    readonly noncePick: number,
    readonly forged: boolean,
    readonly viaBatch: boolean,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const at = m.now + 1n;
    const before = collectable(m, this.user, at);
    const left = m.allowances[this.user]!;
    const cap = [0n, 1n, left > 0n ? left - 1n : 0n, left, left + parseEther('1'), parseEther('1000')][
      this.capPick
    ]!;
    const liveExpiry = m.expiries[this.user]!;
    const expiry = [
      at,
      at + 10n,
      at + GRACE / 2n,
      liveExpiry,
      liveExpiry + 24n * HOUR,
      at + 3650n * 24n * HOUR,
    ][this.expiryPick]!;
    const current = m.nonces[this.user]!;
    const nonce = [current, current + 1n, current + 3n, 2n ** 24n][this.noncePick]!;
    const address = r.users[this.user]!;
    const authorization = { user: address, cap, expiry, nonce };
    const signer = this.forged ? r.users[(this.user + 1) % USER_COUNT]! : address;
    const signature = await r.f.chain.walletFor(signer).signTypedData({
      domain: spendingAuthorizationDomain(31337, r.f.payment.address),
      types: spendingAuthorizationTypes,
      primaryType: 'SpendingAuthorization',
      message: authorization,
    });
    const { receipt, error } = this.viaBatch
      ? await sendForReceipt(m, r, r.f.coordinator, {
          ...r.f.payment,
          functionName: 'settleBatch',
          args: [m.nextBatchId, [], [], 0n, 0n, [{ authorization, signature }]],
        })
      : await sendForReceipt(m, r, address, {
          ...r.f.payment,
          functionName: 'acceptSpendingAuthorization',
          args: [authorization, signature],
        });
    const failure =
      nonce <= current
        ? 'AuthorizationNonceUsed'
        : nonce >= 2n ** 24n
          ? 'AuthorizationNonceTooLarge'
          : expiry <= at
            ? 'AuthorizationExpired'
            : this.forged
              ? 'InvalidAuthorizationSignature'
              : undefined;
    if (this.viaBatch) {
      // A carried authorization never makes the batch revert: it is stored, or skipped with the reason.
      expect(error).toBeUndefined();
      expect(skippedAuthorizations(receipt!)).toEqual(
        failure ? [{ user: address, nonce, reason: failure }] : [],
      );
      m.notified.inference += m.pendingStakers;
      m.pendingStakers = 0n;
      m.nextBatchId += 1n;
    } else {
      expect(error).toBe(failure);
    }
    if (!failure) acceptInModel(m, this.user, cap, expiry, nonce, at);
    expectStillCollectable(m, this.user, before);
  }
  toString = () =>
    `authorize(u${this.user}, cap#${this.capPick}, expiry#${this.expiryPick}, nonce#${this.noncePick}${this.forged ? ', forged' : ''}${this.viaBatch ? ', in batch' : ''})`;
}

class AdvanceTime implements fc.AsyncCommand<Model, Real> {
  constructor(readonly seconds: bigint) {}
  check = () => true;
  async run(m: Model) {
    m.now += this.seconds;
  }
  toString = () => `advanceTime(${this.seconds})`;
}

const authorizeBy = (who: fc.Arbitrary<number>) =>
  fc
    .tuple(
      who,
      fc.integer({ min: 0, max: 5 }),
      fc.integer({ min: 0, max: 5 }),
      fc.constantFrom(0, 1, 1, 1, 2, 3),
      fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
      fc.boolean(),
    )
    .map(([u, c, e, n, forged, viaBatch]) => new Authorize(u, c, e, n, forged, viaBatch));
const authorize = authorizeBy(user);

const commands = [
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

/**
 * Only what moves escrow or authorizations, for one user who starts authorized and one who does not,
 * with authorizing weighted up, so that sequences such as reduce → reduce again → wait past the first
 * clamp → withdraw come up often.
 */
const focusUser = fc.constantFrom(0, AUTHORIZED_USERS);
const authorizationCommands = [
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
  const holdFor = (allowed: typeof commands, maxCommands: number, numRuns: number) =>
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

  it(`hold for ${RUNS} sequences`, async () => {
    await holdFor(commands, 8, RUNS);
  }, 900_000);

  // Half as many: each sequence is longer, and the first property already mixes these actions in.
  it(`hold for ${Math.ceil(RUNS / 2)} longer sequences of authorizing, settling and withdrawing`, async () => {
    await holdFor(authorizationCommands, 12, Math.ceil(RUNS / 2));
  }, 900_000);
});
