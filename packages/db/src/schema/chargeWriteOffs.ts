import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { ledgerTransactions } from './ledger.js';
import { users } from './users.js';
import { wei } from './wei.js';

/**
 * Charges the coordinator admitted but can never collect on chain (the user's authorization ended
 * with nothing to replace it, or the escrow left), written off for the operator to read: one row
 * per charge, with the ledger transaction that reversed it and why.
 */
export const chargeWriteOffs = pgTable(
  'charge_write_offs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The `capture` or `settle_reservation` transaction written off; once only. */
    chargeTransactionId: uuid('charge_transaction_id')
      .notNull()
      .unique()
      .references(() => ledgerTransactions.id),
    /** The `write_off` transaction that reversed the charge's earnings. */
    reversalTransactionId: uuid('reversal_transaction_id')
      .notNull()
      .references(() => ledgerTransactions.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    amountWei: wei('amount_wei').notNull(),
    reason: text('reason').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('idx_charge_write_offs_user').on(t.userId)],
);

export type ChargeWriteOff = typeof chargeWriteOffs.$inferSelect;
