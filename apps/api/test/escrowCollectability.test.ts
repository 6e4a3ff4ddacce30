import {
  farTokenAbi,
  spendingAuthorizationDomain,
  spendingAuthorizationTypes,
  splitRevenue,
} from '@far/contracts';
import { chargeWriteOffs, ledgerTransactions, settlementBatches, testDrivers } from '@far/db';
import { eq, inArray } from 'drizzle-orm';
import fc from 'fast-check';
import { type Address, createWalletClient, custom, parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { hardhat } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertUser } from '../src/auth/upsertUser.js';
import { auditLedger } from '../src/ledger/auditLedger.js';
import { getAccountBalance } from '../src/ledger/getAccountBalance.js';
import { reserve } from '../src/ledger/reserve.js';
import { settleReservation } from '../src/ledger/settleReservation.js';
import { createSpendingAuthorizationGuard } from '../src/spendingAuthorization/createSpendingAuthorizationGuard.js';
import { storeSpendingAuthorization } from '../src/spendingAuthorization/storeSpendingAuthorization.js';
import { submitSpendingAuthorization } from '../src/spendingAuthorization/submitSpendingAuthorization.js';
import { createSettlementTestbed, type SettlementTestbed } from './support/createSettlementTestbed.js';

const USERS = 3;
const PERIOD_SECONDS = 60;

/** What a user (or time) does; requests and batches are the coordinator's side. */
type Action =
  | { kind: 'deposit'; user: number; amount: bigint }
  | { kind: 'authorize'; user: number; cap: bigint; validFor: bigint; direct: boolean }
  | { kind: 'revoke'; user: number }
  | { kind: 'withdraw'; user: number }
  | { kind: 'request'; user: number; estimate: bigint; deliveredPercent: bigint }
  | { kind: 'period'; seconds: number }
  | { kind: 'wait'; seconds: number };

const user = fc.integer({ min: 0, max: USERS - 1 });
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    kind: fc.constant('deposit' as const),
    user,
    amount: fc.constantFrom(parseEther('1'), parseEther('5'), parseEther('20')),
  }),
  fc.record({
    kind: fc.constant('authorize' as const),
    user,
    // 0 and lower caps are the attack; higher ones the ordinary re-authorization.
    cap: fc.constantFrom(0n, parseEther('0.5'), parseEther('3'), parseEther('50')),
    validFor: fc.constantFrom(30n, 400n, 3000n, 3600n, 86_400n, 365n * 86_400n),
    direct: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('revoke' as const), user }),
  fc.record({ kind: fc.constant('withdraw' as const), user }),
  fc.record({
    kind: fc.constant('request' as const),
    user,
    estimate: fc.constantFrom(parseEther('0.05'), parseEther('0.3'), parseEther('1')),
    deliveredPercent: fc.bigInt({ min: 0n, max: 100n }),
  }),
  // The batcher runs every period: time never jumps further without a batch.
  fc.record({ kind: fc.constant('period' as const), seconds: fc.integer({ min: 1, max: PERIOD_SECONDS }) }),
  // Long stretches, a period at a time, so sequences reach and cross the contract's grace period
  // (one hour): expiries clamped before a scheduled reduction, and its effectiveAt.
  fc.record({ kind: fc.constant('wait' as const), seconds: fc.constantFrom(600, 3000, 3300, 3550, 3700) }),
);

describe.each(testDrivers())('escrow collectability (model-based) on %s', (driver) => {
  // One database and deployment for every run (a fresh PGlite costs seconds); each run has users
  // and a node of its own, so runs share only batch numbers and the system accounts.
  let bed: SettlementTestbed;
  let runs = 0;
  beforeAll(async () => {
    bed = await createSettlementTestbed(driver);
  });
  afterAll(async () => {
    await bed?.close();
  });

  /** A new wallet with ETH for gas and FAR to deposit. */
  async function freshWallet() {
    const account = privateKeyToAccount(generatePrivateKey());
    await bed.publicClient.waitForTransactionReceipt({
      hash: await bed.coordinatorWallet.sendTransaction({ to: account.address, value: parseEther('10') }),
    });
    await bed.send(bed.coordinator, {
      address: bed.deployments.contracts.farToken,
      abi: farTokenAbi,
      functionName: 'transfer',
      args: [account.address, parseEther('1000')],
    });
    return {
      account,
      client: createWalletClient({ account, chain: hardhat, transport: custom(bed.chain.provider) }),
    };
  }

  /**
   * One interleaving. Invariants: escrow never leaves while a charge admitted for that user is not
   * settled on chain; no settlement run fails; nothing is ever written off; afterwards every
   * admitted charge is settled in a landed batch, the node's credit and the treasury's on chain
   * equal their ledger share of the settled charges, and the ledger audit is clean.
   *
   * Why no write-off at all: here the batcher runs at least once a period, as in production. A
   * charge is admitted only while the chain must let a batch collect it for several periods more,
   * whatever the user does, so a write-off can only mean a user made an admitted charge
   * uncollectable (free service). Write-offs are for a coordinator that stopped settling.
   */
  async function run(actions: Action[]) {
    runs += 1;
    const db = bed.db;
    const payment = bed.payment;
    const nodeOwner = privateKeyToAccount(generatePrivateKey()).address;
    const node = await bed.addNode(`model-node-${runs}`, nodeOwner);
    const readTreasury = async () => ({
      chain: (await bed.publicClient.readContract({ ...payment, functionName: 'treasuryBalance' })) as bigint,
      ledger: await getAccountBalance(db, { kind: 'treasury' }),
    });
    const treasuryBefore = await readTreasury();

    // The guard's clock moves past its chain-view cache with every step, as minutes would.
    let clock = Date.now();
    const guard = createSpendingAuthorizationGuard({
      db,
      publicClient: bed.publicClient,
      deployments: bed.deployments,
      now: () => clock,
    });
    const indexer = bed.indexer();
    const batcher = bed.batcher({ periodMs: PERIOD_SECONDS * 1000 });
    const clients = { publicClient: bed.publicClient, walletClient: bed.coordinatorWallet };
    const owners: Array<Awaited<ReturnType<typeof freshWallet>>> = [];
    for (let index = 0; index < USERS; index++) owners.push(await freshWallet());
    const users: Array<{ userId: string; walletAddress: Address }> = [];
    for (const { account } of owners)
      users.push({ userId: (await upsertUser(db, account.address)).id, walletAddress: account.address });
    const nonces = owners.map(() => 0n);
    const admitted = new Map<string, number>();
    let keys = 0;

    const ownerOf = (index: number) => owners[index] as Awaited<ReturnType<typeof freshWallet>>;
    const userOf = (index: number) => users[index] as { userId: string; walletAddress: Address };
    const sendAs = async (index: number, request: Record<string, unknown>) => {
      const hash = await ownerOf(index).client.writeContract(request as never);
      const receipt = await bed.publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`);
    };
    const tryPayment = (index: number, request: Record<string, unknown>) =>
      sendAs(index, { ...payment, ...request }).then(
        () => true,
        () => false,
      );
    const sign = (index: number, cap: bigint, expiry: bigint, nonce: bigint) =>
      ownerOf(index).account.signTypedData({
        domain: spendingAuthorizationDomain(bed.deployments.chainId, payment.address),
        types: spendingAuthorizationTypes,
        primaryType: 'SpendingAuthorization',
        message: { user: userOf(index).walletAddress, cap, expiry, nonce },
      });
    const outstanding = async (index: number) => {
      const ids = [...admitted].filter(([, owner]) => owner === index).map(([id]) => id);
      if (ids.length === 0) return [];
      const rows = await db
        .select({
          id: ledgerTransactions.id,
          status: settlementBatches.status,
          writtenOff: chargeWriteOffs.id,
        })
        .from(ledgerTransactions)
        .leftJoin(settlementBatches, eq(settlementBatches.id, ledgerTransactions.settlementBatchId))
        .leftJoin(chargeWriteOffs, eq(chargeWriteOffs.chargeTransactionId, ledgerTransactions.id))
        .where(inArray(ledgerTransactions.id, ids));
      return rows.filter(
        (r) => r.writtenOff === null && r.status !== 'submitted' && r.status !== 'confirmed',
      );
    };
    const settlePeriod = async () => {
      await indexer.syncOnce();
      const result = await batcher.settleOnce();
      expect(['settled', 'idle', 'deferred']).toContain(result.status);
      expect(result.writtenOff, 'an admitted charge was written off').toEqual([]);
    };

    for (const step of actions) {
      clock += 10_001;
      if (step.kind === 'deposit') {
        await sendAs(step.user, {
          address: bed.deployments.contracts.farToken,
          abi: farTokenAbi,
          functionName: 'approve',
          args: [payment.address, step.amount],
        });
        await sendAs(step.user, { ...payment, functionName: 'deposit', args: [step.amount] });
      } else if (step.kind === 'authorize') {
        const walletAddress = userOf(step.user).walletAddress;
        nonces[step.user] = (nonces[step.user] ?? 0n) + 1n;
        const nonce = nonces[step.user] as bigint;
        const expiry = (await bed.chain.latestTimestamp()) + step.validFor;
        const signature = await sign(step.user, step.cap, expiry, nonce);
        if (step.direct) {
          await tryPayment(step.user, {
            functionName: 'acceptSpendingAuthorization',
            args: [{ user: walletAddress, cap: step.cap, expiry, nonce }, signature],
          });
        } else if (step.cap > 0n) {
          await storeSpendingAuthorization(
            db,
            bed.publicClient,
            bed.deployments,
            {
              ...userOf(step.user),
              cap: step.cap,
              expiry,
              nonce,
              signature,
            },
            // As the API does when it holds the coordinator's key (startApiServer).
            { submit: (signed) => submitSpendingAuthorization(clients, bed.deployments, signed) },
          ).catch(() => undefined);
        }
      } else if (step.kind === 'revoke') {
        await tryPayment(step.user, { functionName: 'revokeSpendingAuthorization', args: [0n] });
      } else if (step.kind === 'withdraw') {
        const balance = (await bed.publicClient.readContract({
          ...payment,
          functionName: 'userBalances',
          args: [userOf(step.user).walletAddress],
        })) as bigint;
        const waiting = await outstanding(step.user);
        if (balance > 0n && (await tryPayment(step.user, { functionName: 'withdraw', args: [balance] }))) {
          // The escrow left: nothing admitted for this user may still be waiting for it.
          expect(waiting, `user ${step.user} withdrew with admitted charges unsettled`).toEqual([]);
        }
      } else if (step.kind === 'request') {
        await indexer.syncOnce();
        const who = userOf(step.user);
        keys += 1;
        const key = `model:${driver}:${runs}:${keys}`;
        const reservation = await guard
          .reserveWithin(who, step.estimate, (admission) =>
            reserve(db, { userId: who.userId, amount: step.estimate, idempotencyKey: key, admission }),
          )
          .catch(() => undefined);
        if (reservation !== undefined) {
          const actual = (step.estimate * step.deliveredPercent) / 100n;
          const settled = await settleReservation(db, {
            reservationId: reservation.reservationId,
            actual,
            split: { nodeId: node.id, ...splitRevenue(actual, 80) },
            idempotencyKey: `${key}:settle`,
          });
          if (actual > 0n) admitted.set(settled.transactionId, step.user);
        }
      } else if (step.kind === 'period') {
        await bed.chain.increaseTime(step.seconds);
        clock += step.seconds * 1000;
        await settlePeriod();
      } else {
        for (let left = step.seconds; left > 0; left -= PERIOD_SECONDS) {
          const seconds = Math.min(left, PERIOD_SECONDS);
          await bed.chain.increaseTime(seconds);
          clock += seconds * 1000;
          await settlePeriod();
        }
      }
    }
    // The coordinator keeps settling; whatever no authorization can collect is written off.
    for (let period = 0; period < 3; period++) await settlePeriod();
    await bed.chain.increaseTime(2n * 365n * 86_400n);
    await settlePeriod();

    for (let index = 0; index < USERS; index++) expect(await outstanding(index)).toEqual([]);
    const [credit] = (await bed.publicClient.readContract({
      ...payment,
      functionName: 'nodes',
      args: [nodeOwner],
    })) as unknown as readonly [bigint];
    expect(credit).toBe(await getAccountBalance(db, { kind: 'node_earnings', nodeId: node.id }));
    const treasuryAfter = await readTreasury();
    expect(treasuryAfter.chain - treasuryBefore.chain).toBe(treasuryAfter.ledger - treasuryBefore.ledger);
    expect((await auditLedger(db)).ok).toBe(true);
  }

  it('keeps every admitted charge collectable whatever users do to their authorizations and escrow', async () => {
    await fc.assert(fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 25 }), run), {
      numRuns: 15,
    });
  });

  it('keeps the charges admitted before a cap-0 re-authorization collectable', async () => {
    await run([
      { kind: 'deposit', user: 0, amount: parseEther('5') },
      { kind: 'authorize', user: 0, cap: parseEther('3'), validFor: 365n * 86_400n, direct: true },
      { kind: 'request', user: 0, estimate: parseEther('1'), deliveredPercent: 100n },
      { kind: 'authorize', user: 0, cap: 0n, validFor: 365n * 86_400n, direct: true },
      { kind: 'withdraw', user: 0 },
      { kind: 'period', seconds: 60 },
    ]);
  });

  it('keeps the charges admitted under a stored authorization collectable when the user front-runs it on chain', async () => {
    await run([
      { kind: 'deposit', user: 1, amount: parseEther('5') },
      { kind: 'authorize', user: 1, cap: parseEther('3'), validFor: 365n * 86_400n, direct: false },
      { kind: 'request', user: 1, estimate: parseEther('1'), deliveredPercent: 100n },
      { kind: 'authorize', user: 1, cap: 0n, validFor: 365n * 86_400n, direct: true },
      { kind: 'withdraw', user: 1 },
      { kind: 'period', seconds: 60 },
    ]);
  });

  it('admits nothing in the last minutes before a scheduled reduction, which the user can still revoke', async () => {
    // Path A: lower the cap (the live expiry is clamped to just before effectiveAt), be admitted
    // late, revoke (cancelling the reduction), let the live one run out, withdraw.
    await run([
      { kind: 'deposit', user: 2, amount: parseEther('5') },
      { kind: 'authorize', user: 2, cap: parseEther('3'), validFor: 365n * 86_400n, direct: true },
      { kind: 'request', user: 2, estimate: parseEther('1'), deliveredPercent: 100n },
      { kind: 'authorize', user: 2, cap: parseEther('0.5'), validFor: 365n * 86_400n, direct: true },
      { kind: 'wait', seconds: 3250 },
      { kind: 'request', user: 2, estimate: parseEther('0.3'), deliveredPercent: 100n },
      { kind: 'wait', seconds: 250 },
      { kind: 'revoke', user: 2 },
      { kind: 'wait', seconds: 200 },
      { kind: 'withdraw', user: 2 },
    ]);
  });

  it('admits nothing once the live authorization ran out before a scheduled reduction takes effect', async () => {
    // Path B: the live one ends before effectiveAt; any new authorization (cap 0) then applies at
    // once, cancelling the reduction, and the escrow leaves in the next block.
    await run([
      { kind: 'deposit', user: 0, amount: parseEther('5') },
      { kind: 'authorize', user: 0, cap: parseEther('3'), validFor: 3000n, direct: true },
      { kind: 'request', user: 0, estimate: parseEther('1'), deliveredPercent: 100n },
      { kind: 'authorize', user: 0, cap: parseEther('0.5'), validFor: 365n * 86_400n, direct: true },
      { kind: 'wait', seconds: 3100 },
      { kind: 'request', user: 0, estimate: parseEther('0.3'), deliveredPercent: 100n },
      { kind: 'authorize', user: 0, cap: 0n, validFor: 365n * 86_400n, direct: true },
      { kind: 'withdraw', user: 0 },
    ]);
  });
});
