import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Single-use sign-in (SIWE) nonces; `used_at` is set when one is consumed. */
export const authNonces = pgTable('auth_nonces', {
  nonce: text('nonce').primaryKey(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});

export type AuthNonce = typeof authNonces.$inferSelect;
