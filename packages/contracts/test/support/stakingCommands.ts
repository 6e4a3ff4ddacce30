// biome-ignore-all lint/style/noNonNullAssertion: the model indexes fixed-length arrays by generated in-range indices.
import type fc from 'fast-check';
import { expect } from 'vitest';
import { LOCK_SECONDS, type Model, type Real, send } from './invariantModel.js';

/* Commands on FARStaking: positions, rewards, the reserve and a second revenue source. */

export class Stake implements fc.AsyncCommand<Model, Real> {
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

export class Unstake implements fc.AsyncCommand<Model, Real> {
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

export class ClaimRewards implements fc.AsyncCommand<Model, Real> {
  constructor(readonly user: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const error = await send(m, r, r.users[this.user]!, { ...r.f.staking, functionName: 'claimRewards' });
    expect([undefined, 'NothingToClaim']).toContain(error);
  }
  toString = () => `claimRewards(u${this.user})`;
}

export class FundReserve implements fc.AsyncCommand<Model, Real> {
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
export class NotifyServiceRevenue implements fc.AsyncCommand<Model, Real> {
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

export class SetRewardRate implements fc.AsyncCommand<Model, Real> {
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
