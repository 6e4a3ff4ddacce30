import { customType } from 'drizzle-orm/pg-core';

/**
 * A FAR amount in wei: `numeric(78, 0)` in SQL (enough for any uint256), `bigint` in TypeScript.
 * A fixed scale such as DECIMAL(20, 8) cannot hold 18-decimal token amounts exactly.
 * Drivers hand numerics over as strings, so nothing passes through a lossy JS number.
 *
 * @example
 * const accounts = pgTable('accounts', { balanceWei: wei('balance_wei').notNull().default(sql`0`) });
 */
export const wei = customType<{ data: bigint; driverData: string }>({
  dataType() {
    return 'numeric(78, 0)';
  },
  fromDriver(value) {
    // A number would mean the driver already lost precision: refuse rather than round silently.
    if (typeof value !== 'string') throw new TypeError(`wei column expected a string, got ${typeof value}`);
    return BigInt(value);
  },
  toDriver(value) {
    return value.toString();
  },
});
