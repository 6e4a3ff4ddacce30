import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';

/**
 * The API's database roles (issue 19): which wallet may use which console lever. Role names are
 * `FAR_ROLES`' keys (admin, operator, treasurer, priceKeeper, oracle), the same list the contracts'
 * AccessControl uses. A grant is never deleted: revoking stamps `revoked_at`, so who held what, and
 * when, stays readable.
 */
export const operatorRoles = pgTable(
  'operator_roles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Lowercase 0x address. */
    walletAddress: varchar('wallet_address', { length: 42 }).notNull(),
    role: text('role').$type<OperatorRoleName>().notNull(),
    /** The admin wallet that granted it, or `system` for the local network's seed. */
    grantedBy: text('granted_by').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: text('revoked_by'),
  },
  (t) => [
    // At most one live grant of a role per wallet; past grants stay beside it.
    uniqueIndex('uq_operator_roles_live').on(t.walletAddress, t.role).where(sql`${t.revokedAt} is null`),
    index('idx_operator_roles_wallet').on(t.walletAddress),
    check('operator_roles_wallet_lowercase', sql`${t.walletAddress} ~ '^0x[0-9a-f]{40}$'`),
    check(
      'operator_roles_role_known',
      sql`${t.role} in ('admin', 'operator', 'treasurer', 'priceKeeper', 'oracle')`,
    ),
  ],
);

/** A database role's name: one of `FAR_ROLES`' keys in `@far/contracts`. */
export type OperatorRoleName = 'admin' | 'operator' | 'treasurer' | 'priceKeeper' | 'oracle';
export type OperatorRole = typeof operatorRoles.$inferSelect;
