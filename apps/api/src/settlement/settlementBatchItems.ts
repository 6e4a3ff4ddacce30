import { packSettlementEntry } from '@far/contracts';
import { type Address, getAddress, type Hex } from 'viem';
import { z } from 'zod';

const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/)
  .transform((value) => getAddress(value));
const wei = z
  .string()
  .regex(/^\d{1,78}$/)
  .transform((value) => BigInt(value));

/**
 * One line of a recorded settlement batch (`settlement_batches.items`, JSON): what `settleBatch`
 * will debit, credit and book, and the authorizations it carries. Stored before sending, so a
 * restarted batcher can resend exactly the same batch.
 */
export const settlementBatchItemSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('debit'), account: address, userId: z.uuid(), amountWei: wei }),
  z.object({ type: z.literal('credit'), account: address, amountWei: wei }),
  z.object({ type: z.literal('creator_credit'), account: address, userId: z.uuid(), amountWei: wei }),
  z.object({ type: z.literal('stakers'), amountWei: wei }),
  z.object({ type: z.literal('creator_fee_stakers'), amountWei: wei }),
  z.object({ type: z.literal('treasury'), amountWei: wei }),
  z.object({ type: z.literal('audit_pay'), amountWei: wei }),
  z.object({
    type: z.literal('authorization'),
    authorizationId: z.uuid(),
    account: address,
    capWei: wei,
    expiry: wei,
    nonce: wei,
    signature: z.string().regex(/^0x[0-9a-fA-F]+$/) as unknown as z.ZodType<Hex>,
  }),
]);

/** The JSON form stored in the database (wei as decimal strings). */
export type SettlementBatchItemJson = z.input<typeof settlementBatchItemSchema>;

/** A batch's content, as planned and as recorded. */
export type SettlementBatchContent = {
  debits: Array<{ account: Address; userId: string; amount: bigint }>;
  credits: Array<{ account: Address; amount: bigint }>;
  /** One credit per creator wallet (creator fees, e.g. FarTwin): `creatorCredit` on chain. */
  creatorCredits: Array<{ account: Address; userId: string; amount: bigint }>;
  stakersShare: bigint;
  /** The creator fees' stakers share, notified under the service's revenue source. */
  creatorFeeStakersShare: bigint;
  /** The treasury's share, net of the audit pay this batch settles out of it. */
  treasuryShare: bigint;
  /**
   * Audit pay settled by this batch (already inside `credits`, already taken out of
   * `treasuryShare`): recorded for the operator, not an argument of its own on chain.
   */
  auditPay: bigint;
  authorizations: Array<{
    authorizationId: string;
    account: Address;
    cap: bigint;
    expiry: bigint;
    nonce: bigint;
    signature: Hex;
  }>;
};

/**
 * Serialises a batch's content to its `items` lines (wei as decimal strings).
 *
 * @param content - debits, credits, shares and authorizations.
 * @returns the JSON lines to store.
 */
export function toSettlementBatchItems(content: SettlementBatchContent): SettlementBatchItemJson[] {
  return [
    ...content.debits.map((d) => ({
      type: 'debit' as const,
      account: d.account,
      userId: d.userId,
      amountWei: d.amount.toString(),
    })),
    ...content.credits.map((c) => ({
      type: 'credit' as const,
      account: c.account,
      amountWei: c.amount.toString(),
    })),
    ...content.creatorCredits.map((c) => ({
      type: 'creator_credit' as const,
      account: c.account,
      userId: c.userId,
      amountWei: c.amount.toString(),
    })),
    { type: 'stakers' as const, amountWei: content.stakersShare.toString() },
    { type: 'creator_fee_stakers' as const, amountWei: content.creatorFeeStakersShare.toString() },
    { type: 'treasury' as const, amountWei: content.treasuryShare.toString() },
    ...(content.auditPay > 0n
      ? [{ type: 'audit_pay' as const, amountWei: content.auditPay.toString() }]
      : []),
    ...content.authorizations.map((a) => ({
      type: 'authorization' as const,
      authorizationId: a.authorizationId,
      account: a.account,
      capWei: a.cap.toString(),
      expiry: a.expiry.toString(),
      nonce: a.nonce.toString(),
      signature: a.signature,
    })),
  ];
}

/**
 * Parses stored `items` back into a batch's content.
 *
 * @param items - the JSON array from `settlement_batches.items`.
 * @returns the content, in the order it was recorded.
 * @throws ZodError when the stored lines are not a batch this code wrote.
 */
export function fromSettlementBatchItems(items: unknown): SettlementBatchContent {
  const lines = z.array(settlementBatchItemSchema).parse(items);
  const content: SettlementBatchContent = {
    debits: [],
    credits: [],
    creatorCredits: [],
    stakersShare: 0n,
    creatorFeeStakersShare: 0n,
    treasuryShare: 0n,
    auditPay: 0n,
    authorizations: [],
  };
  for (const line of lines) {
    if (line.type === 'debit')
      content.debits.push({ account: line.account, userId: line.userId, amount: line.amountWei });
    else if (line.type === 'credit') content.credits.push({ account: line.account, amount: line.amountWei });
    else if (line.type === 'creator_credit')
      content.creatorCredits.push({ account: line.account, userId: line.userId, amount: line.amountWei });
    else if (line.type === 'stakers') content.stakersShare = line.amountWei;
    else if (line.type === 'creator_fee_stakers') content.creatorFeeStakersShare = line.amountWei;
    else if (line.type === 'treasury') content.treasuryShare = line.amountWei;
    else if (line.type === 'audit_pay') content.auditPay = line.amountWei;
    else
      content.authorizations.push({
        authorizationId: line.authorizationId,
        account: line.account,
        cap: line.capWei,
        expiry: line.expiry,
        nonce: line.nonce,
        signature: line.signature,
      });
  }
  return content;
}

/**
 * The `settleBatchWithCreatorFees` arguments for a batch: packed debits and node credits, the two
 * shares, the signed authorizations, and the creator credits with the fees' stakers share.
 *
 * @param batchNumber - must equal the contract's `nextBatchId` when sent.
 * @param content - the batch.
 * @returns the argument tuple for `settleBatchWithCreatorFees`.
 */
export function settleBatchArgs(batchNumber: bigint, content: SettlementBatchContent) {
  return [
    batchNumber,
    content.debits.map((d) => packSettlementEntry(d.account, d.amount)),
    content.credits.map((c) => packSettlementEntry(c.account, c.amount)),
    content.stakersShare,
    content.treasuryShare,
    content.authorizations.map((a) => ({
      authorization: { user: a.account, cap: a.cap, expiry: a.expiry, nonce: a.nonce },
      signature: a.signature,
    })),
    {
      credits: content.creatorCredits.map((c) => packSettlementEntry(c.account, c.amount)),
      stakersShare: content.creatorFeeStakersShare,
    },
  ] as const;
}

/** Total debited by a batch: what `BatchSettled.totalDebited` will say. */
export function settlementBatchTotal(content: SettlementBatchContent): bigint {
  return content.debits.reduce((sum, d) => sum + d.amount, 0n);
}
