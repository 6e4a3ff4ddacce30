import { splitRevenue } from '@far/contracts';
import { testDrivers } from '@far/db';
import { type Address, parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertUser } from '../src/auth/upsertUser.js';
import { explainChainError } from '../src/chain/explainChainError.js';
import type { BaseError } from '../src/errors/BaseError.js';
import { getBalances } from '../src/ledger/getBalances.js';
import { reserve } from '../src/ledger/reserve.js';
import { settleReservation } from '../src/ledger/settleReservation.js';
import {
  createSpendingAuthorizationGuard,
  type SpendingAuthorizationGuard,
} from '../src/spendingAuthorization/createSpendingAuthorizationGuard.js';
import { readSpendingAuthorizationStatus } from '../src/spendingAuthorization/readSpendingAuthorizationStatus.js';
import { storeSpendingAuthorization } from '../src/spendingAuthorization/storeSpendingAuthorization.js';
import { submitSpendingAuthorization } from '../src/spendingAuthorization/submitSpendingAuthorization.js';
import { createSettlementTestbed, type SettlementTestbed } from './support/createSettlementTestbed.js';

describe.each(testDrivers())('spending authorization guard on %s', (driver) => {
  let bed: SettlementTestbed;
  let keys = 0;

  beforeAll(async () => {
    bed = await createSettlementTestbed(driver);
  });
  afterAll(async () => {
    await bed?.close();
  });

  const wallet = (index: number) => bed.at(index);
  const clients = () => ({ publicClient: bed.publicClient, walletClient: bed.coordinatorWallet });
  const guardOf = (options: { now?: () => number } = {}) =>
    createSpendingAuthorizationGuard({
      db: bed.db,
      publicClient: bed.publicClient,
      deployments: bed.deployments,
      ...options,
    });

  /** Deposits on chain, indexes it, and stores a signed authorization after putting it on chain, as the API does. */
  async function onboard(address: Address, deposit: bigint, cap: bigint) {
    return { userId: await bed.onboard(address, { deposit, cap, submit: true }), walletAddress: address };
  }

  /** A reservation the way the coordinator makes one: through the guard. */
  async function reserveThrough(
    guard: SpendingAuthorizationGuard,
    user: { userId: string; walletAddress: Address },
    amount: bigint,
  ) {
    keys += 1;
    const key = `guard:${driver}:${keys}`;
    return guard.reserveWithin(user, amount, (admission) =>
      reserve(bed.db, { userId: user.userId, amount, idempotencyKey: key, admission }),
    );
  }
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: BaseError) => error.code,
    );

  async function settle(reservationId: string, actual: bigint) {
    keys += 1;
    await settleReservation(bed.db, {
      reservationId,
      actual,
      split: { nodeId: bed.node.id, ...splitRevenue(actual, 80) },
      idempotencyKey: `guard:${driver}:${keys}:settle`,
    });
  }

  it('admits only what the signed cap covers: unsettled charges and open reservations count, a refusal reserves nothing', async () => {
    const user = await onboard(wallet(0), parseEther('10'), parseEther('1'));
    const guard = guardOf();
    const open = await reserveThrough(guard, user, parseEther('0.6'));
    expect(await refusal(reserveThrough(guard, user, parseEther('0.5')))).toBe(
      'spending_authorization_required',
    );
    expect(await getBalances(bed.db, user.userId)).toEqual({
      available: parseEther('9.4'),
      reserved: parseEther('0.6'),
    });

    await settle(open.reservationId, parseEther('0.6'));
    // Charged but not settled on chain: still counts against the cap.
    expect(await refusal(reserveThrough(guard, user, parseEther('0.5')))).toBe(
      'spending_authorization_required',
    );
    expect(await refusal(reserveThrough(guard, user, parseEther('0.4')))).toBeUndefined();
  });

  it('admits only one of two requests racing for the same headroom', async () => {
    const user = await onboard(wallet(4), parseEther('10'), parseEther('1'));
    const guard = guardOf();
    const outcomes = await Promise.all([
      refusal(reserveThrough(guard, user, parseEther('0.6'))),
      refusal(reserveThrough(guard, user, parseEther('0.6'))),
    ]);
    expect(outcomes.sort()).toEqual(['spending_authorization_required', undefined]);
    expect((await getBalances(bed.db, user.userId)).reserved).toBe(parseEther('0.6'));
  });

  it('admits in one round trip once it remembers the escrow, and leaves every refusal, and every change to the escrow, to the two-round-trip check', async () => {
    const user = await onboard(wallet(9), parseEther('10'), parseEther('1'));
    const guard = guardOf();
    let checks = 0;
    /** As reserveThrough, counting the reservations the guard's `admit` decided (the two-round-trip path). */
    const reserveCounting = (amount: bigint) => {
      keys += 1;
      const key = `guard:${driver}:${keys}`;
      return guard.reserveWithin(user, amount, (admission) =>
        reserve(bed.db, {
          userId: user.userId,
          amount,
          idempotencyKey: key,
          admission: {
            ...admission,
            admit: (...args) => {
              checks += 1;
              return admission.admit(...args);
            },
          },
        }),
      );
    };
    // The first sums the escrow; the next, within the cap, are decided in the statement itself.
    const first = await reserveCounting(parseEther('0.3'));
    expect(checks).toBe(1);
    await reserveCounting(parseEther('0.3'));
    await reserveCounting(parseEther('0.3'));
    expect(checks).toBe(1);
    // Over the cap (0.9 reserved): the condition refuses, the check runs and names the refusal
    // (twice: a refusal on a remembered chain view reads the chain again and tries once more).
    expect(await refusal(reserveCounting(parseEther('0.2')))).toBe('spending_authorization_required');
    expect(checks).toBe(3);
    expect((await getBalances(bed.db, user.userId)).reserved).toBe(parseEther('0.9'));
    // Settled at 0.1: 0.2 of the reservation freed, 0.1 charged and unsettled.
    await settle(first.reservationId, parseEther('0.1'));
    await reserveCounting(parseEther('0.2'));
    expect(checks).toBe(3);
    // A deposit changes the escrow: the condition no longer holds, the check sums it again.
    await bed.deposit(user.walletAddress, parseEther('1'));
    await bed.indexer().syncOnce();
    await reserveCounting(parseEther('0.05'));
    expect(checks).toBe(4);
    await reserveCounting(parseEther('0.05'));
    expect(checks).toBe(4);
    // 0.1 unsettled + 0.9 reserved: the cap is used up, whatever the balance.
    expect(await refusal(reserveCounting(1n))).toBe('spending_authorization_required');
    expect(await getBalances(bed.db, user.userId)).toEqual({
      available: parseEther('10'),
      reserved: parseEther('0.9'),
    });
  });

  it('does not let a deposit indexed after it remembered the escrow inflate the headroom', async () => {
    const user = await onboard(wallet(1), parseEther('10'), parseEther('1'));
    const guard = guardOf();
    const first = await reserveThrough(guard, user, parseEther('0.7'));
    await settle(first.reservationId, parseEther('0.7'));
    const small = await reserveThrough(guard, user, parseEther('0.1'));
    await settle(small.reservationId, 0n);

    await bed.deposit(user.walletAddress, parseEther('5'));
    await bed.indexer().syncOnce();
    expect((await getBalances(bed.db, user.userId)).available).toBe(parseEther('14.3'));
    // 0.7 charged and unsettled: only 0.3 of the cap is left, whatever the balance.
    expect(await refusal(reserveThrough(guard, user, parseEther('0.5')))).toBe(
      'spending_authorization_required',
    );
    expect(await refusal(reserveThrough(guard, user, parseEther('0.3')))).toBeUndefined();
  });

  it('reads the chain again when a settlement batch lands, so the authorization it carried is not counted twice', async () => {
    const user = await onboard(wallet(2), parseEther('10'), parseEther('1'));
    const guard = guardOf();
    const charged = await reserveThrough(guard, user, parseEther('0.6'));
    await settle(charged.reservationId, parseEther('0.6'));

    const batch = await bed.batcher().settleOnce();
    expect(batch.status).toBe('settled');
    const [allowance] = (await bed.publicClient.readContract({
      ...bed.payment,
      functionName: 'spendingAuthorizationOf',
      args: [user.walletAddress],
    })) as readonly [bigint, bigint, bigint];
    expect(allowance).toBe(parseEther('0.4'));

    // A deposit makes the guard sum the ledger again, which no longer counts the settled 0.6. The
    // chain view it remembered predates the batch (no authorization on chain yet): combined with
    // that ledger, the stored authorization would look pending at its full cap.
    await bed.deposit(user.walletAddress, parseEther('1'));
    await bed.indexer().syncOnce();
    expect(await refusal(reserveThrough(guard, user, parseEther('0.5')))).toBe(
      'spending_authorization_required',
    );
    expect(await refusal(reserveThrough(guard, user, parseEther('0.4')))).toBeUndefined();
  });

  it('sees an authorization the user submitted to the contract directly once the chain view is older than its limit', async () => {
    const user = await onboard(wallet(3), parseEther('10'), parseEther('1'));
    let clock = Date.now();
    const guard = guardOf({ now: () => clock });
    const kept = await reserveThrough(guard, user, parseEther('0.2'));

    const cap = parseEther('0.3');
    const expiry = (await bed.chain.latestTimestamp()) + 3600n;
    await bed.send(user.walletAddress, {
      ...bed.payment,
      functionName: 'acceptSpendingAuthorization',
      args: [
        { user: user.walletAddress, cap, expiry, nonce: 2n },
        await bed.signAuthorization(user.walletAddress, cap, expiry, 2n),
      ],
    });
    clock += 10_000;
    // 0.2 held + 0.2 > 0.3: the lower cap signed on chain applies.
    expect(await refusal(reserveThrough(guard, user, parseEther('0.2')))).toBe(
      'spending_authorization_required',
    );
    expect(await refusal(reserveThrough(guard, user, parseEther('0.1')))).toBeUndefined();
    expect(kept.replayed).toBe(false);
  });

  it('admits nothing under an authorization that is only stored, and at once once it is on chain, whatever it remembered', async () => {
    const address = wallet(7);
    await bed.deposit(address, parseEther('10'));
    await bed.indexer().syncOnce();
    const row = await upsertUser(bed.db, address);
    const user = { userId: row.id, walletAddress: address };
    const guard = guardOf({ now: () => 0 });
    expect(await refusal(reserveThrough(guard, user, parseEther('0.1')))).toBe(
      'spending_authorization_required',
    );
    // Stored without being put on chain (an API without the coordinator's key): the user could
    // still overtake it with a cap-0 authorization of their own and withdraw.
    const cap = parseEther('1');
    const expiry = (await bed.chain.latestTimestamp()) + 365n * 24n * 3600n;
    const signature = await bed.signAuthorization(address, cap, expiry, 1n);
    await storeSpendingAuthorization(bed.db, bed.publicClient, bed.deployments, {
      ...user,
      cap,
      expiry,
      nonce: 1n,
      signature,
    });
    expect(await refusal(reserveThrough(guard, user, parseEther('0.1')))).toBe(
      'spending_authorization_required',
    );
    // On chain now; the guard's clock has not moved, so its remembered view is not out of date.
    await submitSpendingAuthorization(clients(), bed.deployments, {
      authorization: { user: address, cap, expiry, nonce: 1n },
      signature,
    });
    expect(await refusal(reserveThrough(guard, user, parseEther('0.1')))).toBeUndefined();
  });

  it('answers 409 naming the contract error when the contract refuses the authorization it submits', async () => {
    const address = wallet(8);
    const row = await upsertUser(bed.db, address);
    const cap = parseEther('1');
    const expiry = (await bed.chain.latestTimestamp()) + 365n * 24n * 3600n;
    const signature = await bed.signAuthorization(address, cap, expiry, 1n);
    const authorization = { user: address, cap, expiry, nonce: 1n };
    // The user's own submission of the same nonce lands between the checks and the coordinator's.
    const stored = storeSpendingAuthorization(
      bed.db,
      bed.publicClient,
      bed.deployments,
      { userId: row.id, walletAddress: address, cap, expiry, nonce: 1n, signature },
      {
        submit: async (signed) => {
          await bed.send(address, {
            ...bed.payment,
            functionName: 'acceptSpendingAuthorization',
            args: [authorization, signature],
          });
          await submitSpendingAuthorization(clients(), bed.deployments, signed);
        },
      },
    );
    await expect(stored).rejects.toMatchObject({
      code: 'conflict',
      details: { contractError: 'AuthorizationNonceUsed' },
    });
  });

  it('refuses to store an authorization, or admit a request under one, that ends too soon to settle its charges', async () => {
    const address = wallet(5);
    await bed.deposit(address, parseEther('10'));
    await bed.indexer().syncOnce();
    const row = await upsertUser(bed.db, address);
    const user = { userId: row.id, walletAddress: address };
    const cap = parseEther('1');
    const soon = (await bed.chain.latestTimestamp()) + 300n;
    const store = storeSpendingAuthorization(bed.db, bed.publicClient, bed.deployments, {
      ...user,
      cap,
      expiry: soon,
      nonce: 1n,
      signature: await bed.signAuthorization(address, cap, soon, 1n),
    });
    await expect(store).rejects.toMatchObject({ code: 'validation_failed' });

    // Submitted to the contract directly instead: the coordinator still admits nothing under it.
    await bed.send(address, {
      ...bed.payment,
      functionName: 'acceptSpendingAuthorization',
      args: [
        { user: address, cap, expiry: soon, nonce: 1n },
        await bed.signAuthorization(address, cap, soon, 1n),
      ],
    });
    expect(await refusal(reserveThrough(guardOf(), user, parseEther('0.1')))).toBe(
      'spending_authorization_required',
    );
  });

  it('holds new charges to a reduction scheduled on chain, while the charges already admitted stay collectable', async () => {
    const user = await onboard(wallet(6), parseEther('10'), parseEther('1'));
    const guard = guardOf();
    const charged = await reserveThrough(guard, user, parseEther('0.3'));
    await settle(charged.reservationId, parseEther('0.3'));
    const batcher = bed.batcher();
    expect((await batcher.settleOnce()).status).toBe('settled');
    const open = await reserveThrough(guard, user, parseEther('0.2'));
    await settle(open.reservationId, parseEther('0.2'));

    // The user signs cap 0 and submits it: it is scheduled, and withdrawing is refused meanwhile
    // (the live one stays live until just before the reduction takes effect).
    const expiry = (await bed.chain.latestTimestamp()) + 365n * 24n * 3600n;
    await bed.send(user.walletAddress, {
      ...bed.payment,
      functionName: 'acceptSpendingAuthorization',
      args: [
        { user: user.walletAddress, cap: 0n, expiry, nonce: 2n },
        await bed.signAuthorization(user.walletAddress, 0n, expiry, 2n),
      ],
    });
    const withdraw = bed.send(user.walletAddress, {
      ...bed.payment,
      functionName: 'withdraw',
      args: [parseEther('1')],
    });
    await expect(withdraw.catch((e) => Promise.reject(explainChainError(e)))).rejects.toMatchObject({
      reason: 'SpendingAuthorizationActive',
    });
    expect(await refusal(reserveThrough(guardOf(), user, parseEther('0.1')))).toBe(
      'spending_authorization_required',
    );
    const status = await readSpendingAuthorizationStatus(bed.db, bed.publicClient, bed.deployments, user);
    expect(status.scheduled).toMatchObject({ cap: 0n, nonce: 2n });
    expect(status.headroomWei).toBe(0n);

    // The next batch still collects what was admitted before.
    const next = await batcher.settleOnce();
    expect(next.status).toBe('settled');
    expect(
      await bed.publicClient.readContract({
        ...bed.payment,
        functionName: 'userBalances',
        args: [user.walletAddress],
      }),
    ).toBe(parseEther('9.5'));
  });
});
