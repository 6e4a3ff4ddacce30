import { z } from '@hono/zod-openapi';
import { getAddress } from 'viem';
import type { StudioLedger } from './readStudioLedger.js';

const weiString = z.string().regex(/^\d+$/).openapi({ description: 'FAR in wei, as a decimal string' });
const address = z.string().openapi({ description: 'A checksummed address' });

const PurchaseSchema = z.object({
  purchaseId: z.string(),
  gameId: z.string(),
  buyer: address,
  priceWei: weiString,
  status: z.enum(['held', 'refunded', 'settled']),
  purchasedAt: z.iso.datetime(),
  refundableUntil: z.iso.datetime(),
  refundedAt: z.iso.datetime().nullable(),
  settledAt: z.iso.datetime().nullable(),
  studioShareWei: weiString.nullable().openapi({ description: "The studio's share, once settled" }),
  transactionHash: z.string(),
});

/** `GET /api/gamed/studio/ledger`: the studio's payout, sales, refunds, royalties and withdrawals. */
export const StudioLedgerSchema = z
  .object({
    balanceWei: weiString.openapi({
      description: 'Withdrawable now: settled shares and royalties, less withdrawals',
    }),
    chainTime: z.iso
      .datetime()
      .openapi({ description: "The latest block's time, which refund windows close on" }),
    due: z
      .array(PurchaseSchema)
      .openapi({ description: 'Held sales past their refund window, ready to settle' }),
    sales: z.array(PurchaseSchema).openapi({ description: 'The newest sales, refunded ones included' }),
    royalties: z.array(
      z.object({
        listingId: z.string(),
        gameId: z.string(),
        seller: address,
        buyer: address.nullable(),
        priceWei: weiString,
        royaltyWei: weiString,
        soldAt: z.iso.datetime().nullable(),
        transactionHash: z.string().nullable(),
      }),
    ),
    withdrawals: z.array(
      z.object({ amountWei: weiString, withdrawnAt: z.iso.datetime(), transactionHash: z.string() }),
    ),
  })
  .openapi('GamedStudioLedger');

const iso = (date: Date | null) => date?.toISOString() ?? null;
const wei = (value: bigint | null) => value?.toString() ?? null;

const toPurchase = (row: StudioLedger['sales'][number]): z.infer<typeof PurchaseSchema> => ({
  purchaseId: row.purchaseId,
  gameId: row.gameId,
  buyer: getAddress(row.buyerAddress),
  priceWei: row.priceWei.toString(),
  status: row.status,
  purchasedAt: row.purchasedAt.toISOString(),
  refundableUntil: row.refundableUntil.toISOString(),
  refundedAt: iso(row.refundedAt),
  settledAt: iso(row.settledAt),
  studioShareWei: wei(row.studioShareWei),
  transactionHash: row.purchaseTransactionHash,
});

/**
 * The ledger as the API sends it: addresses checksummed, wei and dates as strings.
 *
 * @param ledger - what `readStudioLedger` read.
 * @param chainTime - the clock the due purchases were chosen by.
 */
export function toStudioLedgerWire(
  ledger: StudioLedger,
  chainTime: Date,
): z.infer<typeof StudioLedgerSchema> {
  return {
    balanceWei: ledger.balanceWei.toString(),
    chainTime: chainTime.toISOString(),
    due: ledger.due.map(toPurchase),
    sales: ledger.sales.map(toPurchase),
    royalties: ledger.royalties.map((row) => ({
      listingId: row.listingId,
      gameId: row.gameId,
      seller: getAddress(row.sellerAddress),
      buyer: row.buyerAddress ? getAddress(row.buyerAddress) : null,
      priceWei: row.priceWei.toString(),
      royaltyWei: (row.royaltyWei ?? 0n).toString(),
      soldAt: iso(row.closedAt),
      transactionHash: row.soldTransactionHash,
    })),
    withdrawals: ledger.withdrawals.map((row) => ({
      amountWei: row.amountWei.toString(),
      withdrawnAt: row.withdrawnAt.toISOString(),
      transactionHash: row.transactionHash,
    })),
  };
}
