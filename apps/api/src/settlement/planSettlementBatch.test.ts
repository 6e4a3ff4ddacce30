import { splitRevenue } from '@far/contracts';
import fc from 'fast-check';
import { type Address, getAddress } from 'viem';
import { describe, expect, it } from 'vitest';
import type { UnsettledCharge } from '../ledger/collectUnsettledCharges.js';
import { twinFeeSplit } from '../services/fartwin/twinFeeSplit.js';
import { planSettlementBatch, type UserSettlementLimit } from './planSettlementBatch.js';

const alice = getAddress('0x70997970c51812dc3a010c7d01b50e0d17dc79c8');
const bob = getAddress('0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc');
const nodeA = getAddress('0x90f79bf6eb2c4f870365e785982e1f101e93b906');
const nodeB = getAddress('0x15d34aaf54267db7d7c367839aaf71a00a2c6a65');

let sequence = 0;
function charge(user: Address, node: Address, amount: bigint, score = 80): UnsettledCharge {
  sequence += 1;
  const split = splitRevenue(amount, score);
  return {
    transactionId: `00000000-0000-4000-8000-${sequence.toString().padStart(12, '0')}`,
    createdAt: new Date(1_700_000_000_000 + sequence * 1000),
    userId: user === alice ? '11111111-1111-4111-8111-111111111111' : '22222222-2222-4222-8222-222222222222',
    userAddress: user,
    nodeId: node === nodeA ? 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' : 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
    nodeAddress: node,
    ...split,
    creatorUserId: null,
    creatorAddress: null,
    creator: 0n,
    creatorFeeStakers: 0n,
    amount,
  };
}
const creatorUserId = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';
const creatorWallet = getAddress('0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc');

/** A twin chat's charge: the inference price (split as the contract does) plus the twin's fee. */
function twinCharge(user: Address, node: Address, price: bigint, fee: bigint): UnsettledCharge {
  const base = charge(user, node, price);
  const split = twinFeeSplit(fee, creatorUserId);
  return {
    ...base,
    treasury: base.treasury + split.treasury,
    creatorUserId,
    creatorAddress: creatorWallet,
    creator: split.creator,
    creatorFeeStakers: split.stakers,
    amount: price + fee,
  };
}
const limits = (entries: Array<[Address, bigint]>) =>
  new Map<Address, UserSettlementLimit>(entries.map(([user, limit]) => [user, { limit }]));

describe('planSettlementBatch', () => {
  it('aggregates one debit per user and one credit per node', () => {
    const charges = [charge(alice, nodeA, 100n), charge(alice, nodeB, 50n), charge(bob, nodeA, 10n)];
    const plan = planSettlementBatch({
      charges,
      limits: limits([
        [alice, 1_000n],
        [bob, 1_000n],
      ]),
      payableNodes: new Set([nodeA, nodeB]),
    });
    expect(plan.content.debits.map((d) => [d.account, d.amount])).toEqual([
      [alice, 150n],
      [bob, 10n],
    ]);
    expect(plan.content.credits.map((c) => [c.account, c.amount])).toEqual([
      [nodeA, 60n + 6n],
      [nodeB, 30n],
    ]);
    expect(plan.content.stakersShare).toBe(20n + 10n + 2n);
    expect(plan.included).toHaveLength(3);
    expect(plan.deferred).toEqual([]);
  });

  it('leaves a charge for later when it would pass the cap, but still takes later ones that fit', () => {
    const charges = [charge(alice, nodeA, 60n), charge(alice, nodeA, 60n), charge(alice, nodeA, 30n)];
    const plan = planSettlementBatch({
      charges,
      limits: limits([[alice, 100n]]),
      payableNodes: new Set([nodeA]),
    });
    expect(plan.content.debits).toEqual([expect.objectContaining({ account: alice, amount: 90n })]);
    expect(plan.deferred.map((d) => d.charge.transactionId)).toEqual([charges[1]?.transactionId]);
    expect(plan.deferred[0]?.reason).toMatch(/cap/);
  });

  it('defers users without an authorization and nodes that cannot be credited', () => {
    const charges = [charge(alice, nodeA, 10n), charge(bob, nodeB, 10n), charge(bob, nodeA, 10n)];
    const plan = planSettlementBatch({
      charges,
      limits: new Map([
        [alice, { limit: 0n, reason: 'no spending authorization signed' }],
        [bob, { limit: 100n }],
      ]),
      payableNodes: new Set([nodeA]),
    });
    expect(plan.included.map((c) => c.transactionId)).toEqual([charges[2]?.transactionId]);
    expect(plan.deferred.map((d) => d.reason)).toEqual([
      'no spending authorization signed',
      `node payout address ${nodeB} cannot be credited`,
    ]);
  });

  it('stops adding users and nodes once the batch is full', () => {
    const charges = [charge(alice, nodeA, 10n), charge(bob, nodeB, 10n), charge(alice, nodeA, 5n)];
    const plan = planSettlementBatch({
      charges,
      limits: limits([
        [alice, 100n],
        [bob, 100n],
      ]),
      payableNodes: new Set([nodeA, nodeB]),
      maxEntries: 3,
    });
    // alice + nodeA fit, bob + nodeB would make 4 entries; alice's second charge adds none.
    expect(plan.included.map((c) => c.transactionId)).toEqual([
      charges[0]?.transactionId,
      charges[2]?.transactionId,
    ]);
    expect(plan.deferred[0]?.reason).toMatch(/full/);
  });

  it('credits each creator once per batch and keeps the fee stakers share apart, exact to the wei', () => {
    const charges = [twinCharge(alice, nodeA, 1_000n, 101n), twinCharge(bob, nodeB, 2_000n, 1_000n)];
    const plan = planSettlementBatch({
      charges,
      limits: limits([
        [alice, 10_000n],
        [bob, 10_000n],
      ]),
      payableNodes: new Set([nodeA, nodeB]),
    });
    expect(plan.content.creatorCredits).toEqual([
      { account: creatorWallet, userId: creatorUserId, amount: 770n },
    ]);
    expect(plan.content.creatorFeeStakersShare).toBe(220n);
    expect(plan.content.debits.map((d) => d.amount)).toEqual([1_101n, 3_000n]);
    expect(plan.content.stakersShare).toBe(200n + 400n);
    expect(plan.content.treasuryShare).toBe(200n + 11n + 400n + 100n);
  });

  it('defers a creator fee whose creator has no wallet', () => {
    const orphan = { ...twinCharge(alice, nodeA, 1_000n, 101n), creatorAddress: null };
    const plan = planSettlementBatch({
      charges: [orphan],
      limits: limits([[alice, 10_000n]]),
      payableNodes: new Set([nodeA]),
    });
    expect(plan.included).toEqual([]);
    expect(plan.deferred[0]?.reason).toMatch(/creator has no wallet/);
  });

  it('always balances with creator fees: debits = node + creator credits + every share', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            user: fc.constantFrom(alice, bob),
            node: fc.constantFrom(nodeA, nodeB),
            price: fc.bigInt({ min: 1n, max: 10n ** 24n }),
            fee: fc.bigInt({ min: 0n, max: 10n ** 24n }),
          }),
          { maxLength: 30 },
        ),
        fc.bigInt({ min: 0n, max: 10n ** 25n }),
        (specs, limit) => {
          const charges = specs.map((s) => twinCharge(s.user, s.node, s.price, s.fee));
          const plan = planSettlementBatch({
            charges,
            limits: limits([
              [alice, limit],
              [bob, limit],
            ]),
            payableNodes: new Set([nodeA, nodeB]),
          });
          const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);
          const { content } = plan;
          expect(sum(content.debits.map((d) => d.amount))).toBe(
            sum(content.credits.map((c) => c.amount)) +
              sum(content.creatorCredits.map((c) => c.amount)) +
              content.stakersShare +
              content.creatorFeeStakersShare +
              content.treasuryShare,
          );
          expect(sum(content.creatorCredits.map((c) => c.amount))).toBe(
            sum(plan.included.map((c) => c.creator)),
          );
        },
      ),
    );
  });

  it('always balances: debits = credits + stakers + treasury, within every limit', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            user: fc.constantFrom(alice, bob),
            node: fc.constantFrom(nodeA, nodeB),
            amount: fc.bigInt({ min: 1n, max: 10n ** 24n }),
            score: fc.integer({ min: 0, max: 100 }),
          }),
          { maxLength: 30 },
        ),
        fc.bigInt({ min: 0n, max: 10n ** 25n }),
        fc.bigInt({ min: 0n, max: 10n ** 25n }),
        (specs, aliceLimit, bobLimit) => {
          const plan = planSettlementBatch({
            charges: specs.map((s) => charge(s.user, s.node, s.amount, s.score)),
            limits: limits([
              [alice, aliceLimit],
              [bob, bobLimit],
            ]),
            payableNodes: new Set([nodeA, nodeB]),
          });
          const debited = plan.content.debits.reduce((sum, d) => sum + d.amount, 0n);
          const credited = plan.content.credits.reduce((sum, c) => sum + c.amount, 0n);
          expect(debited).toBe(credited + plan.content.stakersShare + plan.content.treasuryShare);
          expect(credited * 10_000n <= debited * 6_600n).toBe(true);
          for (const debit of plan.content.debits) {
            expect(debit.amount <= (debit.account === alice ? aliceLimit : bobLimit)).toBe(true);
          }
          expect(plan.included.length + plan.deferred.length).toBe(specs.length);
        },
      ),
    );
  });
});
