// biome-ignore-all lint/style/noNonNullAssertion: the model indexes fixed-length arrays by generated in-range indices.
import type fc from 'fast-check';
import { expect } from 'vitest';
import { splitRevenue } from '../../src/splitRevenue.js';
import { taskId } from './deployFixture.js';
import {
  collectable,
  escrowLocked,
  expectStillCollectable,
  GRACE,
  type Model,
  type Real,
  send,
  TASK_TIMEOUT,
} from './invariantModel.js';

/* Commands that move a user's escrow: deposit, withdraw, revoke, and the per-task path. */

export class Deposit implements fc.AsyncCommand<Model, Real> {
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

export class Withdraw implements fc.AsyncCommand<Model, Real> {
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

export class RevokeAuthorization implements fc.AsyncCommand<Model, Real> {
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

export class CreateTask implements fc.AsyncCommand<Model, Real> {
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

export class CompleteTask implements fc.AsyncCommand<Model, Real> {
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

export class RefundTask implements fc.AsyncCommand<Model, Real> {
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
