import { splitRevenue } from '@far/contracts';
import { chargeWriteOffs, spendingAuthorizations, testDrivers } from '@far/db';
import { eq } from 'drizzle-orm';
import { type PublicClient, parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLedger } from '../src/ledger/auditLedger.js';
import { getAccountBalance } from '../src/ledger/getAccountBalance.js';
import { getBalances } from '../src/ledger/getBalances.js';
import { createSettlementTestbed, type SettlementTestbed } from './support/createSettlementTestbed.js';

describe.each(testDrivers())('charges one user cannot pay, on %s', (driver) => {
  let bed: SettlementTestbed;

  beforeAll(async () => {
    bed = await createSettlementTestbed(driver);
  });
  afterAll(async () => {
    await bed?.close();
  });

  const at = (index: number) => bed.at(index);
  const read = <T>(functionName: string, args: unknown[] = []) => bed.read<T>(functionName, args);
  const charge = (userId: string, actual: bigint) => bed.charge(userId, actual);

  it("leaves out a user whose authorization fails on chain and settles everyone else's charges", async () => {
    const good = await bed.onboard(at(0), { deposit: parseEther('10'), cap: parseEther('5') });
    const bad = await bed.onboard(at(1), { deposit: parseEther('10'), cap: parseEther('5') });
    // A stored authorization the chain will not accept (signed for another cap): nothing else
    // authorizes this user on chain, so debiting them reverts, whatever the contract does with it.
    await bed.db
      .update(spendingAuthorizations)
      .set({ capWei: parseEther('6') })
      .where(eq(spendingAuthorizations.userId, bad));
    await charge(good, parseEther('1'));
    await charge(bad, parseEther('1'));

    const result = await bed.batcher().settleOnce();
    expect(result.status).toBe('settled');
    expect(result.charges).toBe(1);
    expect(result.deferred.map((d) => d.charge.userId)).toEqual([bad]);
    expect(result.deferred[0]?.reason).toMatch(/signature|expired/i);
    expect(await read<bigint>('userBalances', [at(0)])).toBe(parseEther('9'));
    expect(await read<bigint>('userBalances', [at(1)])).toBe(parseEther('10'));
  });

  it('leaves out a user who lowers the cap while the batch is being planned', async () => {
    const steady = await bed.onboard(at(2), { deposit: parseEther('10'), cap: parseEther('5') });
    const fickle = await bed.onboard(at(3), { deposit: parseEther('10'), cap: parseEther('5') });
    await charge(steady, parseEther('1'));
    await charge(fickle, parseEther('1'));
    // Both authorizations go on chain first, so the next batch carries none.
    expect((await bed.batcher().settleOnce()).charges).toBe(2);
    await charge(steady, parseEther('1'));
    await charge(fickle, parseEther('1'));

    // The user's transaction lands between the batcher's reads and its dry run.
    let lowered = false;
    const racing = new Proxy(bed.publicClient, {
      get(target, property, receiver) {
        if (property === 'simulateContract' && !lowered) {
          return async (...args: unknown[]) => {
            lowered = true;
            const cap = parseEther('0.5');
            const expiry = (await bed.chain.latestTimestamp()) + 3600n;
            await bed.send(at(3), {
              ...bed.payment,
              functionName: 'acceptSpendingAuthorization',
              args: [
                { user: at(3), cap, expiry, nonce: 2n },
                await bed.signAuthorization(at(3), cap, expiry, 2n),
              ],
            });
            return (target.simulateContract as (...a: unknown[]) => unknown)(...args);
          };
        }
        return Reflect.get(target, property, receiver);
      },
    }) as PublicClient;

    const before = await read<bigint>('userBalances', [at(3)]);
    const result = await bed.batcher({ publicClient: racing }).settleOnce();
    expect(lowered).toBe(true);
    expect(result.status).toBe('settled');
    expect(await read<bigint>('userBalances', [at(2)])).toBe(parseEther('8'));
    // The lower cap is only scheduled: the live one still settles what was admitted under it.
    expect(result.deferred.filter((d) => d.charge.userId === fickle)).toEqual([]);
    expect(await read<bigint>('userBalances', [at(3)])).toBe(before - parseEther('1'));
  });

  it('writes off, once, the charges left when an authorization ended, even after the escrow left', async () => {
    const leaver = await bed.onboard(at(4), {
      deposit: parseEther('10'),
      cap: parseEther('5'),
      validFor: 3600n,
    });
    await charge(leaver, parseEther('1'));
    expect((await bed.batcher().settleOnce()).status).toBe('settled');
    const first = await charge(leaver, parseEther('0.4'));
    const second = await charge(leaver, parseEther('0.2'));
    const nodeCreditBefore = (await read<[bigint]>('nodes', [bed.node.owner]))[0];
    const nodeEarningsBefore = await getAccountBalance(bed.db, {
      kind: 'node_earnings',
      nodeId: bed.node.id,
    });

    // No batch runs until the authorization has expired; then the user takes the escrow.
    await bed.chain.increaseTime(7200n);
    await bed.send(at(4), { ...bed.payment, functionName: 'withdraw', args: [parseEther('9')] });
    await bed.indexer().syncOnce();
    expect((await getBalances(bed.db, leaver)).available).toBe(0n);

    const result = await bed.batcher().settleOnce();
    expect(result.writtenOff.map((w) => w.chargeTransactionId).sort()).toEqual([first, second].sort());
    expect(result.writtenOff[0]?.reason).toMatch(/expired/);
    const rows = await bed.db.select().from(chargeWriteOffs).where(eq(chargeWriteOffs.userId, leaver));
    expect(rows.map((r) => r.amountWei).sort()).toEqual([parseEther('0.2'), parseEther('0.4')]);

    // The ledger no longer holds earnings the chain will never pay, nor FAR the user took.
    expect(await getAccountBalance(bed.db, { kind: 'node_earnings', nodeId: bed.node.id })).toBe(
      nodeEarningsBefore -
        splitRevenue(parseEther('0.4'), 80).node -
        splitRevenue(parseEther('0.2'), 80).node,
    );
    expect((await read<[bigint]>('nodes', [bed.node.owner]))[0]).toBe(nodeCreditBefore);
    expect(await getBalances(bed.db, leaver)).toEqual({ available: 0n, reserved: 0n });
    expect((await auditLedger(bed.db)).ok).toBe(true);

    const again = await bed.batcher().settleOnce();
    expect(again.writtenOff).toEqual([]);
    expect(
      await bed.db.select().from(chargeWriteOffs).where(eq(chargeWriteOffs.userId, leaver)),
    ).toHaveLength(2);
  });

  it('gives a written-off charge back to the user while the escrow still holds it', async () => {
    const stayer = await bed.onboard(at(5), {
      deposit: parseEther('10'),
      cap: parseEther('5'),
      validFor: 3600n,
    });
    await charge(stayer, parseEther('1'));
    await bed.chain.increaseTime(7200n);
    await bed.indexer().syncOnce();

    const result = await bed.batcher().settleOnce();
    expect(result.writtenOff).toHaveLength(1);
    expect(await getBalances(bed.db, stayer)).toEqual({ available: parseEther('10'), reserved: 0n });
    expect(await read<bigint>('userBalances', [at(5)])).toBe(parseEther('10'));
    expect((await auditLedger(bed.db)).ok).toBe(true);
  });

  it("settles everyone else's charges when one user's write-off fails, and writes it off in a later round", async () => {
    const pruned = await bed.onboard(at(6), {
      deposit: parseEther('10'),
      cap: parseEther('5'),
      validFor: 3600n,
    });
    const pruneCharge = await charge(pruned, parseEther('1'));
    await bed.chain.increaseTime(7200n);
    await bed.indexer().syncOnce();
    const steady = await bed.onboard(at(7), { deposit: parseEther('10'), cap: parseEther('5') });
    await charge(steady, parseEther('1'));

    // An RPC that has pruned the state at the indexer's block, for this user's escrow read.
    const prunedRpc = new Proxy(bed.publicClient, {
      get(target, property, receiver) {
        if (property === 'readContract') {
          return async (request: { functionName: string; args?: unknown[]; blockNumber?: bigint }) => {
            if (request.blockNumber !== undefined && request.args?.[0] === at(6))
              throw new Error('missing trie node: state pruned');
            return (target.readContract as (r: unknown) => unknown)(request);
          };
        }
        return Reflect.get(target, property, receiver);
      },
    }) as PublicClient;

    const result = await bed.batcher({ publicClient: prunedRpc }).settleOnce();
    expect(result.status).toBe('settled');
    expect(result.writtenOff).toEqual([]);
    expect(await read<bigint>('userBalances', [at(7)])).toBe(parseEther('9'));

    const later = await bed.batcher().settleOnce();
    expect(later.writtenOff.map((w) => w.chargeTransactionId)).toEqual([pruneCharge]);
    expect((await auditLedger(bed.db)).ok).toBe(true);
  });
});
