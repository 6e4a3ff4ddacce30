import { type Db, ledgerAccounts } from '@far/db';
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { parseLedgerParams } from './parseLedgerParams.js';

export type Balances = {
  /** wei the user can spend or withdraw */
  available: bigint;
  /** wei held for requests in flight */
  reserved: bigint;
};

/**
 * A user's ledger balances (0n for accounts not created yet).
 *
 * @param executor - a database or an open transaction.
 * @param userId - users.id.
 * @returns available and reserved wei.
 * @example
 * const { available, reserved } = await getBalances(db, userId);
 */
export async function getBalances(executor: Db, userId: string): Promise<Balances> {
  const id = parseLedgerParams(z.uuid(), userId, 'userId');
  const rows = await executor
    .select({ kind: ledgerAccounts.kind, balanceWei: ledgerAccounts.balanceWei })
    .from(ledgerAccounts)
    .where(
      and(eq(ledgerAccounts.userId, id), inArray(ledgerAccounts.kind, ['user_available', 'user_reserved'])),
    );
  const balances: Balances = { available: 0n, reserved: 0n };
  for (const row of rows) {
    if (row.kind === 'user_available') balances.available = row.balanceWei;
    else balances.reserved = row.balanceWei;
  }
  return balances;
}
