// biome-ignore-all lint/style/noNonNullAssertion: the model indexes fixed-length arrays by generated in-range indices.
import type fc from 'fast-check';
import type { Abi, Address, Hex, TransactionReceipt } from 'viem';
import { expect } from 'vitest';
import {
  type Fixture,
  revertNameOf,
  type WriteArgs,
  type WriteFunctionName,
  type WriteRequest,
} from './deployFixture.js';

/*
 * The plain TypeScript model the invariant property tests run beside the in-process chain: its state,
 * the rules it applies for spending authorizations, and how a step reaches the chain.
 */

export const USER_COUNT = 4;
/** Users 0..AUTHORIZED_USERS-1 start with a stored spending authorization; the others use the per-task path. */
export const AUTHORIZED_USERS = 2;
export const NODE_COUNT = 2;
export const HOUR = 3600n;
// Both one hour, as deployed; written as products so that knip does not take them for aliases of HOUR.
/** InferencePayment's task timeout: a task can be refunded this long after it was created. */
export const TASK_TIMEOUT = 1n * HOUR;
/** How long a lowered or revoked authorization stays collectable. */
export const GRACE = 1n * HOUR;
export const LOCK_SECONDS = [0n, 30n, 90n, 180n, 365n].map((days) => days * 24n * HOUR);
export const SUPPLY = 10n ** 27n;

export type Scheduled = { cap: bigint; expiry: bigint; effectiveAt: bigint; nonce: bigint };

export type Model = {
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
export type Real = { f: Fixture; users: Address[]; nodes: Address[]; service: Address };

/** Sends a transaction in the next block (timestamp model.now + 1): its receipt, or its revert name. */
export async function sendForReceipt<
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
export async function send<
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
export function applyDueSchedule(m: Model, user: number, at: bigint) {
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
export function escrowLocked(m: Model, user: number, at: bigint) {
  if (liveAuthorization(m, user, at)) return 'SpendingAuthorizationActive';
  if (m.scheduled[user]) return 'SpendingAuthorizationPending';
  return undefined;
}

/**
 * What the coordinator may still debit from `user` until the grace period after `at` has run: the live
 * allowance, until its expiry or the end of that period, whichever is first. No user action may lower it.
 */
export function collectable(m: Model, user: number, at: bigint) {
  if (!liveAuthorization(m, user, at)) return { allowance: 0n, until: 0n };
  const end = at + GRACE - 1n;
  return { allowance: m.allowances[user]!, until: m.expiries[user]! < end ? m.expiries[user]! : end };
}

export function expectStillCollectable(m: Model, user: number, before: ReturnType<typeof collectable>) {
  if (before.allowance === 0n) return;
  expect(m.allowances[user]!).toBeGreaterThanOrEqual(before.allowance);
  expect(m.expiries[user]!).toBeGreaterThanOrEqual(before.until);
}

/** The model's side of accepting a valid authorization: apply at once, or schedule a reduction. */
export function acceptInModel(
  m: Model,
  user: number,
  cap: bigint,
  expiry: bigint,
  nonce: bigint,
  at: bigint,
) {
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

export class AdvanceTime implements fc.AsyncCommand<Model, Real> {
  constructor(readonly seconds: bigint) {}
  check = () => true;
  async run(m: Model) {
    m.now += this.seconds;
  }
  toString = () => `advanceTime(${this.seconds})`;
}
