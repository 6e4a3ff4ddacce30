import { sql } from 'drizzle-orm';
import { bigserial, check, index, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { gpuNodes } from './gpuNodes.js';
import { settlementBatches } from './settlementBatches.js';
import { users } from './users.js';
import { wei } from './wei.js';

/**
 * Kinds of ledger account. `chain_deposits` is the external counterparty for on-chain deposits and
 * withdrawals, so it is the one kind whose balance may go negative (it mirrors money held on chain).
 */
export type LedgerAccountKind =
  | 'user_available'
  | 'user_reserved'
  | 'node_earnings'
  /** A twin creator's fee earnings (FarTwin AI), keyed by the creator's user, until settled on chain. */
  | 'creator_earnings'
  | 'stakers_pool'
  | 'treasury'
  | 'chain_deposits'
  | 'settled';

/** Account kinds allowed below zero: counterparties outside the ledger. */
export const externalLedgerAccountKinds: readonly LedgerAccountKind[] = ['chain_deposits'];

export const ledgerAccounts = pgTable(
  'ledger_accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').$type<LedgerAccountKind>().notNull(),
    userId: uuid('user_id').references(() => users.id),
    nodeId: uuid('node_id').references(() => gpuNodes.id),
    /** Cache of the sum of this account's entries, updated in the same transaction as the entries. */
    balanceWei: wei('balance_wei').notNull().default(sql`0`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // NULLS NOT DISTINCT so system accounts (no user, no node) are singletons per kind.
    unique('ledger_accounts_owner_unique').on(t.kind, t.userId, t.nodeId).nullsNotDistinct(),
    // The treasury may owe the audit pay no batch has paid yet (a treasurer's withdrawal took it on
    // chain first); the API bounds that debt (apps/api LedgerOverdraft), the database cannot.
    check(
      'ledger_accounts_non_negative',
      sql`${t.kind} IN ('chain_deposits', 'treasury') OR ${t.balanceWei} >= 0`,
    ),
  ],
);

/** A balanced group of entries; `idempotency_key` makes every posting safe to retry. */
export const ledgerTransactions = pgTable(
  'ledger_transactions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    kind: text('kind').$type<LedgerTransactionKind>().notNull(),
    /** Canonical form of the request that created it: a replay with different parameters is refused. */
    fingerprint: text('fingerprint').notNull(),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    settlementBatchId: uuid('settlement_batch_id').references(() => settlementBatches.id),
  },
  (t) => [
    index('idx_ledger_transactions_settlement_batch').on(t.settlementBatchId),
    // The settlement batcher reads the oldest charges not yet batched; this keeps that a short
    // index scan however long the ledger grows.
    index('idx_ledger_transactions_unsettled_charges')
      .on(t.createdAt, t.id)
      .where(sql`${t.settlementBatchId} IS NULL AND ${t.kind} IN ('capture', 'settle_reservation')`),
    // The same for the audit pay a batch settles out of its treasury share (treasury → node
    // transfers keyed `audit:<id>:pay:<i>`), among transfers that are never batched.
    index('idx_ledger_transactions_unsettled_audit_pay')
      .on(t.createdAt, t.id)
      .where(
        sql`${t.settlementBatchId} IS NULL AND ${t.kind} = 'transfer' AND ${t.idempotencyKey} LIKE 'audit:%:pay:%'`,
      ),
  ],
);

export type LedgerTransactionKind =
  | 'deposit'
  | 'withdrawal'
  | 'reserve'
  | 'capture'
  | 'release'
  | 'settle_reservation'
  | 'transfer'
  /** Reverses a charge the chain can never collect (see charge_write_offs). */
  | 'write_off';

/** One signed movement on one account; a transaction's entries sum to zero. */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    transactionId: uuid('transaction_id')
      .notNull()
      .references(() => ledgerTransactions.id),
    accountId: uuid('account_id')
      .notNull()
      .references(() => ledgerAccounts.id),
    amountWei: wei('amount_wei').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('idx_ledger_entries_account').on(t.accountId),
    index('idx_ledger_entries_transaction').on(t.transactionId),
    check('ledger_entries_non_zero', sql`${t.amountWei} <> 0`),
  ],
);

/**
 * Open holds on a user's balance. The id is the `reserve` transaction's id; `remaining_wei` is what
 * is still held, so captures and releases lock one row instead of re-summing entries.
 */
export const ledgerReservations = pgTable(
  'ledger_reservations',
  {
    id: uuid('id')
      .primaryKey()
      .references(() => ledgerTransactions.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    amountWei: wei('amount_wei').notNull(),
    remainingWei: wei('remaining_wei').notNull(),
    status: text('status').$type<LedgerReservationStatus>().notNull().default('open'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('idx_ledger_reservations_user').on(t.userId),
    check(
      'ledger_reservations_remaining_in_range',
      sql`${t.remainingWei} >= 0 AND ${t.remainingWei} <= ${t.amountWei}`,
    ),
  ],
);

export type LedgerReservationStatus = 'open' | 'closed';
export type LedgerAccount = typeof ledgerAccounts.$inferSelect;
export type LedgerTransaction = typeof ledgerTransactions.$inferSelect;
export type LedgerEntry = typeof ledgerEntries.$inferSelect;
export type LedgerReservation = typeof ledgerReservations.$inferSelect;
