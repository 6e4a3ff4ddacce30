import { splitRevenue } from '@far/contracts';
import fc from 'fast-check';
import { type Address, getAddress } from 'viem';
import { describe, expect, it } from 'vitest';
import type { UnsettledAuditPayout } from '../ledger/collectUnsettledAuditPayouts.js';
import type { UnsettledCharge } from '../ledger/collectUnsettledCharges.js';
import { planSettlementBatch, type UserSettlementLimit } from './planSettlementBatch.js';
import { fromSettlementBatchItems, toSettlementBatchItems } from './settlementBatchItems.js';

const alice = getAddress('0x70997970c51812dc3a010c7d01b50e0d17dc79c8');
const nodeA = getAddress('0x90f79bf6eb2c4f870365e785982e1f101e93b906');
const nodeB = getAddress('0x15d34aaf54267db7d7c367839aaf71a00a2c6a65');
const nodeC = getAddress('0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc');

let sequence = 0;
const nextId = () => {
  sequence += 1;
  return `00000000-0000-4000-8000-${sequence.toString().padStart(12, '0')}`;
};

function charge(amount: bigint, split = splitRevenue(amount, 80)): UnsettledCharge {
  return {
    transactionId: nextId(),
    createdAt: new Date(1_700_000_000_000 + sequence * 1000),
    userId: '11111111-1111-4111-8111-111111111111',
    userAddress: alice,
    nodeId: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
    nodeAddress: nodeA,
    ...split,
    creatorUserId: null,
    creatorAddress: null,
    creator: 0n,
    creatorFeeStakers: 0n,
    amount,
  };
}

function payout(node: Address | null, amount: bigint): UnsettledAuditPayout {
  return {
    transactionId: nextId(),
    createdAt: new Date(1_700_000_000_000 + sequence * 1000),
    nodeId: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
    nodeAddress: node,
    amount,
  };
}

const limits = new Map<Address, UserSettlementLimit>([[alice, { limit: 10n ** 30n }]]);
const payableNodes = new Set([nodeA, nodeB, nodeC]);
const ids = (rows: ReadonlyArray<{ transactionId: string }>) => rows.map((r) => r.transactionId);
const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);

/** One batch of charges and audit payouts, and what its plan must pay and leave waiting. */
type AuditPayCase = {
  name: string;
  charges: UnsettledCharge[];
  payouts: UnsettledAuditPayout[];
  maxEntries?: number;
  /** Indexes into `payouts` of those the batch pays. */
  paid: number[];
  auditPay: bigint;
  treasuryShare: bigint;
  /** The credits entries, where the case is about them. */
  credits?: Array<{ account: Address; amount: bigint }>;
  /** Why each payout left out waits, in order. */
  waiting: Array<string | RegExp>;
};

const cases: AuditPayCase[] = [
  {
    // 1000 wei at score 80: node 600, stakers 200, treasury 200; the 66% limit leaves 60 wei.
    name: "credits audit pay to the auditing node out of the batch's treasury share",
    charges: [charge(1_000n)],
    payouts: [payout(nodeB, 50n)],
    paid: [0],
    auditPay: 50n,
    treasuryShare: 150n,
    credits: [
      { account: nodeA, amount: 600n },
      { account: nodeB, amount: 50n },
    ],
    waiting: [],
  },
  {
    name: 'adds audit pay to a node already credited for its charges without a new entry',
    charges: [charge(1_000n)],
    payouts: [payout(nodeA, 60n)],
    maxEntries: 2,
    paid: [0],
    auditPay: 60n,
    treasuryShare: 140n,
    credits: [{ account: nodeA, amount: 660n }],
    waiting: [],
  },
  {
    // 1000 wei of inference (node 600) plus a 1000 wei creator fee (creator 700, its stakers 200,
    // treasury 100). As on chain, the limit is 66 % of the debits less the creator's credit and the
    // fee's stakers share (1100 wei): 726 − 600 = 126 wei of room, though the treasury holds 300.
    name: 'measures the node-share limit as the contract does, creator shares left out',
    charges: [
      {
        ...charge(1_000n),
        treasury: 300n,
        creatorUserId: 'cccccccc-cccc-4ccc-8ccc-cccccccccccc',
        creatorAddress: nodeC,
        creator: 700n,
        creatorFeeStakers: 200n,
        amount: 2_000n,
      },
    ],
    payouts: [payout(nodeB, 127n), payout(nodeB, 126n)],
    paid: [1],
    auditPay: 126n,
    treasuryShare: 174n,
    waiting: [/leaves 126 wei < 127 wei/],
  },
  {
    // A split with a tiny treasury share: 10 wei, while the node-share limit would leave 66.
    name: 'leaves audit pay waiting when the treasury share is smaller than the payout',
    charges: [charge(100n, { node: 0n, stakers: 90n, treasury: 10n })],
    payouts: [payout(nodeB, 11n), payout(nodeB, 10n)],
    paid: [1],
    auditPay: 10n,
    treasuryShare: 0n,
    waiting: [/leaves 10 wei < 11 wei/],
  },
  {
    name: 'pays nothing when the nodes already take the 66% limit (score 100)',
    charges: [charge(1_000n, splitRevenue(1_000n, 100))],
    payouts: [payout(nodeB, 1n)],
    paid: [],
    auditPay: 0n,
    treasuryShare: 140n,
    waiting: [/leaves 0 wei < 1 wei/],
  },
  {
    name: 'leaves out the audit pay of a node without a payout address or that cannot be credited on chain',
    charges: [charge(1_000n)],
    payouts: [payout(null, 5n), payout(getAddress(`0x${'12'.repeat(20)}`), 5n), payout(nodeB, 5n)],
    paid: [2],
    auditPay: 5n,
    treasuryShare: 195n,
    waiting: [
      'node payout address (none) cannot be credited',
      `node payout address 0x${'12'.repeat(20)} cannot be credited`,
    ],
  },
  {
    name: 'sends no audit pay without a charge to ride along with',
    charges: [],
    payouts: [payout(nodeB, 5n)],
    paid: [],
    auditPay: 0n,
    treasuryShare: 0n,
    waiting: ['no charge settles in this batch'],
  },
  {
    name: 'keeps audit pay to a new node out of a full batch',
    charges: [charge(1_000n)],
    payouts: [payout(nodeB, 5n), payout(nodeA, 5n)],
    maxEntries: 2,
    paid: [1],
    auditPay: 5n,
    treasuryShare: 195n,
    credits: [{ account: nodeA, amount: 605n }],
    waiting: [/full/],
  },
];

describe('planSettlementBatch with audit pay', () => {
  it.each(cases)('$name', (c) => {
    const plan = planSettlementBatch({
      charges: c.charges,
      limits,
      payableNodes,
      auditPayouts: c.payouts,
      ...(c.maxEntries === undefined ? {} : { maxEntries: c.maxEntries }),
    });
    expect(ids(plan.includedAuditPayouts)).toEqual(c.paid.map((index) => c.payouts[index]?.transactionId));
    expect(plan.content.auditPay).toBe(c.auditPay);
    expect(plan.content.treasuryShare).toBe(c.treasuryShare);
    if (c.credits !== undefined) expect(plan.content.credits).toEqual(c.credits);
    expect(plan.deferredAuditPayouts.map((d) => d.reason)).toEqual(
      c.waiting.map((reason) => (typeof reason === 'string' ? reason : expect.stringMatching(reason))),
    );
  });

  it('pays whole payouts oldest first as far as the room goes; one that does not fit waits for a later batch', () => {
    const payouts = [payout(nodeB, 40n), payout(nodeB, 30n), payout(nodeC, 15n), payout(nodeC, 6n)];
    const plan = planSettlementBatch({
      charges: [charge(1_000n)],
      limits,
      payableNodes,
      auditPayouts: payouts,
    });
    expect(ids(plan.includedAuditPayouts)).toEqual(ids([payouts[0], payouts[2]] as UnsettledAuditPayout[]));
    expect(ids(plan.deferredAuditPayouts.map((d) => d.payout))).toEqual(
      ids([payouts[1], payouts[3]] as UnsettledAuditPayout[]),
    );
    expect(plan.deferredAuditPayouts[0]?.reason).toMatch(/leaves 20 wei < 30 wei/);
    expect(plan.content.auditPay).toBe(55n);
    expect(plan.content.treasuryShare).toBe(145n);

    // The next batch, with the next charge, pays what waited.
    const next = planSettlementBatch({
      charges: [charge(1_000n)],
      limits,
      payableNodes,
      auditPayouts: plan.deferredAuditPayouts.map((d) => d.payout),
    });
    expect(next.content.auditPay).toBe(36n);
    expect(next.deferredAuditPayouts).toEqual([]);
  });

  it('records the audit pay in the stored items', () => {
    const plan = planSettlementBatch({
      charges: [charge(1_000n)],
      limits,
      payableNodes,
      auditPayouts: [payout(nodeB, 50n)],
    });
    expect(fromSettlementBatchItems(toSettlementBatchItems(plan.content))).toEqual(plan.content);
  });

  it('always balances with audit pay, within the node-share limit, the treasury never below 0', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            amount: fc.bigInt({ min: 1n, max: 10n ** 24n }),
            score: fc.integer({ min: 0, max: 100 }),
          }),
          { maxLength: 20 },
        ),
        fc.array(
          fc.record({
            node: fc.constantFrom(nodeA, nodeB, nodeC),
            amount: fc.bigInt({ min: 1n, max: 10n ** 23n }),
          }),
          { maxLength: 20 },
        ),
        (charges, payouts) => {
          const auditPayouts = payouts.map((p) => payout(p.node, p.amount));
          const plan = planSettlementBatch({
            charges: charges.map((c) => charge(c.amount, splitRevenue(c.amount, c.score))),
            limits,
            payableNodes,
            auditPayouts,
          });
          const { content } = plan;
          const debited = sum(content.debits.map((d) => d.amount));
          const credited = sum(content.credits.map((c) => c.amount));
          expect(debited).toBe(credited + content.stakersShare + content.treasuryShare);
          expect(credited * 10_000n <= debited * 6_600n).toBe(true);
          expect(content.treasuryShare >= 0n).toBe(true);
          expect(content.auditPay).toBe(sum(plan.includedAuditPayouts.map((p) => p.amount)));
          expect(plan.includedAuditPayouts.length + plan.deferredAuditPayouts.length).toBe(payouts.length);
        },
      ),
    );
  });
});
