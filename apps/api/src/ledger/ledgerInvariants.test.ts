import { createTestDb, ledgerAccounts, type TestDbHandle, testDrivers } from '@far/db';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedgerTestNode, createLedgerTestUser } from '../../test/support/createLedgerTestParties.js';
import { auditLedger } from './auditLedger.js';
import { capture } from './capture.js';
import { creditDeposit } from './creditDeposit.js';
import { debitWithdrawal } from './debitWithdrawal.js';
import { getAccountBalance } from './getAccountBalance.js';
import { getBalances } from './getBalances.js';
import { InsufficientBalanceError } from './InsufficientBalanceError.js';
import { ReservationClosedError } from './ReservationClosedError.js';
import { release } from './release.js';
import { reserve } from './reserve.js';
import { settleReservation } from './settleReservation.js';
import { transfer } from './transfer.js';

const USERS = 3;
const amountArb = fc.bigInt({ min: 1n, max: 5n * 10n ** 18n });
const userArb = fc.integer({ min: 0, max: USERS - 1 });

type Op =
  | { t: 'deposit'; user: number; amount: bigint }
  | { t: 'withdraw'; user: number; amount: bigint }
  | { t: 'reserve'; user: number; amount: bigint }
  | { t: 'settle'; res: number; permille: number }
  | { t: 'capture'; res: number; permille: number }
  | { t: 'release'; res: number }
  | { t: 'transfer'; from: number; to: number; amount: bigint }
  | { t: 'replay'; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ t: fc.constant('deposit' as const), user: userArb, amount: amountArb }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constant('withdraw' as const), user: userArb, amount: amountArb }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ t: fc.constant('reserve' as const), user: userArb, amount: amountArb }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('settle' as const),
      res: fc.nat(),
      permille: fc.integer({ min: 0, max: 1000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('capture' as const),
      res: fc.nat(),
      permille: fc.integer({ min: 0, max: 1000 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('release' as const), res: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('transfer' as const),
      from: userArb,
      to: userArb,
      amount: amountArb,
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('replay' as const), pick: fc.nat() }) },
);

/** The revenue split the coordinator uses: 60 / 20 / remainder, exact in integer wei. */
function splitOf(amount: bigint, nodeId: string) {
  const node = (amount * 60n) / 100n;
  const stakers = (amount * 20n) / 100n;
  return { nodeId, node, stakers, treasury: amount - node - stakers };
}

describe.each(testDrivers())('ledger invariants on %s', (driver) => {
  let testDb: TestDbHandle;
  let nodeId: string;
  let run = 0;

  beforeAll(async () => {
    testDb = await createTestDb({ driver });
    nodeId = await createLedgerTestNode(testDb.db);
  });
  afterAll(async () => {
    await testDb?.close();
  });

  async function snapshotAccounts(): Promise<Map<string, bigint>> {
    const rows = await testDb.db
      .select({ id: ledgerAccounts.id, b: ledgerAccounts.balanceWei })
      .from(ledgerAccounts);
    return new Map(rows.map((r) => [r.id, r.b]));
  }

  it('keeps entries summing to zero, balances non-negative and replays inert over random operation sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
        run += 1;
        const db = testDb.db;
        const users = await Promise.all(Array.from({ length: USERS }, () => createLedgerTestUser(db)));
        const available = users.map(() => 0n);
        const reserved = users.map(() => 0n);
        const reservations: Array<{ id: string; user: number; remaining: bigint; open: boolean }> = [];
        let node = 0n;
        let stakers = 0n;
        let treasury = 0n;
        const start = {
          node: await getAccountBalance(db, { kind: 'node_earnings', nodeId }),
          stakers: await getAccountBalance(db, { kind: 'stakers_pool' }),
          treasury: await getAccountBalance(db, { kind: 'treasury' }),
        };
        const done: Array<{ call: () => Promise<unknown>; result: unknown }> = [];
        const uid = (i: number) => users[i]?.id ?? '';

        for (const [step, op] of ops.entries()) {
          const key = `prop:${run}:${step}`;
          if (op.t === 'deposit') {
            const call = () =>
              creditDeposit(db, { userId: uid(op.user), amount: op.amount, idempotencyKey: key });
            done.push({ call, result: await call() });
            available[op.user] = (available[op.user] ?? 0n) + op.amount;
          } else if (op.t === 'withdraw' || op.t === 'reserve') {
            const fn = op.t === 'withdraw' ? debitWithdrawal : reserve;
            const call = () => fn(db, { userId: uid(op.user), amount: op.amount, idempotencyKey: key });
            if (op.amount > (available[op.user] ?? 0n)) {
              await expect(call()).rejects.toBeInstanceOf(InsufficientBalanceError);
              continue;
            }
            const result = await call();
            done.push({ call, result });
            available[op.user] = (available[op.user] ?? 0n) - op.amount;
            if (op.t === 'reserve') {
              reserved[op.user] = (reserved[op.user] ?? 0n) + op.amount;
              // A reservation's id is its reserve transaction's id.
              reservations.push({
                id: result.transactionId,
                user: op.user,
                remaining: op.amount,
                open: true,
              });
            }
          } else if (op.t === 'transfer') {
            if (op.from === op.to) continue;
            const call = () =>
              transfer(db, {
                from: { kind: 'user_available', userId: uid(op.from) },
                to: { kind: 'user_available', userId: uid(op.to) },
                amount: op.amount,
                idempotencyKey: key,
              });
            if (op.amount > (available[op.from] ?? 0n)) {
              await expect(call()).rejects.toBeInstanceOf(InsufficientBalanceError);
              continue;
            }
            done.push({ call, result: await call() });
            available[op.from] = (available[op.from] ?? 0n) - op.amount;
            available[op.to] = (available[op.to] ?? 0n) + op.amount;
          } else if (op.t === 'settle' || op.t === 'capture' || op.t === 'release') {
            const r = reservations[op.res % Math.max(reservations.length, 1)];
            if (r === undefined) continue;
            const amount = op.t === 'release' ? 0n : (r.remaining * BigInt(op.permille)) / 1000n;
            const split = splitOf(amount, nodeId);
            const call =
              op.t === 'settle'
                ? () =>
                    settleReservation(db, { reservationId: r.id, actual: amount, split, idempotencyKey: key })
                : op.t === 'capture'
                  ? () => capture(db, { reservationId: r.id, amount, split, idempotencyKey: key })
                  : () => release(db, { reservationId: r.id, idempotencyKey: key });
            if (op.t === 'capture' && amount === 0n) continue;
            if (!r.open) {
              await expect(call()).rejects.toBeInstanceOf(ReservationClosedError);
              continue;
            }
            done.push({ call, result: await call() });
            const releasedNow = op.t === 'capture' ? 0n : r.remaining - amount;
            r.remaining -= amount + releasedNow;
            r.open = r.remaining > 0n;
            reserved[r.user] = (reserved[r.user] ?? 0n) - amount - releasedNow;
            available[r.user] = (available[r.user] ?? 0n) + releasedNow;
            node += split.node;
            stakers += split.stakers;
            treasury += split.treasury;
          } else {
            const earlier = done[op.pick % Math.max(done.length, 1)];
            if (earlier === undefined) continue;
            const before = await snapshotAccounts();
            const again = await earlier.call();
            expect(again).toEqual({ ...(earlier.result as object), replayed: true });
            expect(await snapshotAccounts()).toEqual(before);
          }
        }

        for (const [i, user] of users.entries()) {
          expect(await getBalances(db, user.id)).toEqual({ available: available[i], reserved: reserved[i] });
        }
        expect(await getAccountBalance(db, { kind: 'node_earnings', nodeId })).toBe(start.node + node);
        expect(await getAccountBalance(db, { kind: 'stakers_pool' })).toBe(start.stakers + stakers);
        expect(await getAccountBalance(db, { kind: 'treasury' })).toBe(start.treasury + treasury);
        const audit = await auditLedger(db);
        expect(audit).toMatchObject({
          ok: true,
          entriesTotal: 0n,
          unbalancedTransactions: [],
          driftedAccounts: [],
          negativeAccounts: [],
          reservationMismatches: [],
        });
      }),
      { numRuns: 20 },
    );
  });

  it('never overdraws under concurrent reservations on one balance', async () => {
    const user = await createLedgerTestUser(testDb.db);
    await creditDeposit(testDb.db, { userId: user.id, amount: 75n, idempotencyKey: `conc:${user.id}:fund` });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        reserve(testDb.db, { userId: user.id, amount: 10n, idempotencyKey: `conc:${user.id}:${i}` }),
      ),
    );
    const ok = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(ok).toHaveLength(7);
    for (const r of refused)
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(InsufficientBalanceError);
    expect(await getBalances(testDb.db, user.id)).toEqual({ available: 5n, reserved: 70n });
    expect((await auditLedger(testDb.db)).ok).toBe(true);
  });

  it('posts a key once when the same request races itself', async () => {
    const user = await createLedgerTestUser(testDb.db);
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        creditDeposit(testDb.db, { userId: user.id, amount: 42n, idempotencyKey: `race:${user.id}` }),
      ),
    );
    expect(new Set(results.map((r) => r.transactionId)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await getBalances(testDb.db, user.id)).toEqual({ available: 42n, reserved: 0n });
  });

  it('reserves a key once when the reservation races itself beside the user’s other reservations', async () => {
    const user = await createLedgerTestUser(testDb.db);
    await creditDeposit(testDb.db, { userId: user.id, amount: 100n, idempotencyKey: `rr:${user.id}:fund` });
    // The first reservation creates the reserved account; the racing ones lock with their row.
    await reserve(testDb.db, { userId: user.id, amount: 1n, idempotencyKey: `rr:${user.id}:first` });
    const same = () =>
      reserve(testDb.db, { userId: user.id, amount: 5n, idempotencyKey: `rr:${user.id}:same` });
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        i % 2 === 0
          ? same()
          : reserve(testDb.db, { userId: user.id, amount: 2n, idempotencyKey: `rr:${user.id}:${i}` }),
      ),
    );
    const racing = results.filter((_, i) => i % 2 === 0);
    expect(new Set(racing.map((r) => r.reservationId)).size).toBe(1);
    expect(racing.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await getBalances(testDb.db, user.id)).toEqual({ available: 100n - 1n - 5n - 16n, reserved: 22n });
    expect((await auditLedger(testDb.db)).ok).toBe(true);
  });

  it('does not deadlock when transfers cross between the same two users', async () => {
    const a = await createLedgerTestUser(testDb.db);
    const b = await createLedgerTestUser(testDb.db);
    await creditDeposit(testDb.db, { userId: a.id, amount: 1000n, idempotencyKey: `x:${a.id}` });
    await creditDeposit(testDb.db, { userId: b.id, amount: 1000n, idempotencyKey: `x:${b.id}` });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const [from, to] = i % 2 === 0 ? [a.id, b.id] : [b.id, a.id];
        return transfer(testDb.db, {
          from: { kind: 'user_available', userId: from },
          to: { kind: 'user_available', userId: to },
          amount: 10n + BigInt(i),
          idempotencyKey: `x:${a.id}:${i}`,
        });
      }),
    );
    const [ba, bb] = [await getBalances(testDb.db, a.id), await getBalances(testDb.db, b.id)];
    expect(ba.available + bb.available).toBe(2000n);
    // a sent the even-indexed amounts and received the odd ones.
    const sent = Array.from({ length: 10 }, (_, k) => 10n + BigInt(2 * k)).reduce((s, x) => s + x, 0n);
    const got = Array.from({ length: 10 }, (_, k) => 10n + BigInt(2 * k + 1)).reduce((s, x) => s + x, 0n);
    expect(ba.available).toBe(1000n - sent + got);
  });
});
