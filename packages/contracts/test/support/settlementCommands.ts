// biome-ignore-all lint/style/noNonNullAssertion: the model indexes fixed-length arrays by generated in-range indices.
import type fc from 'fast-check';
import { parseEther } from 'viem';
import { expect } from 'vitest';
import { buildSettlementBatch } from '../../src/buildSettlementBatch.js';
import { spendingAuthorizationDomain } from '../../src/spendingAuthorizationDomain.js';
import { spendingAuthorizationTypes } from '../../src/spendingAuthorizationTypes.js';
import { skippedAuthorizations } from './deployFixture.js';
import {
  acceptInModel,
  applyDueSchedule,
  collectable,
  expectStillCollectable,
  GRACE,
  HOUR,
  type Model,
  type Real,
  send,
  sendForReceipt,
  USER_COUNT,
} from './invariantModel.js';

/* Commands of the coordinator, nodes and treasury: batch settlement, signed authorizations, payouts. */

export class SettleBatch implements fc.AsyncCommand<Model, Real> {
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

export class WithdrawEarnings implements fc.AsyncCommand<Model, Real> {
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

export class WithdrawTreasury implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(m: Model, r: Real) {
    const error = await send(m, r, r.users[1]!, { ...r.f.payment, functionName: 'withdrawTreasury' });
    if (m.treasury === 0n) return void expect(error).toBe('NothingToWithdraw');
    expect(error).toBeUndefined();
    m.treasury = 0n;
  }
  toString = () => 'withdrawTreasury()';
}

export class FlushStakerRevenue implements fc.AsyncCommand<Model, Real> {
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

/** The coordinator settles exactly what is left to collect from a user: the whole allowance or escrow. */
export class DebitAll implements fc.AsyncCommand<Model, Real> {
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
export class Authorize implements fc.AsyncCommand<Model, Real> {
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
