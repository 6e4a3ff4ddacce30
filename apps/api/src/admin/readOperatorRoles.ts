import { type Db, type OperatorRoleName, operatorRoles } from '@far/db';
import { and, eq, isNull } from 'drizzle-orm';

/**
 * The database roles a wallet holds now (revoked grants left out).
 *
 * @param db The database.
 * @param walletAddress Any-case 0x address.
 * @returns Role names, possibly empty.
 * @example
 * await readOperatorRoles(db, '0x…') // ['operator']
 */
export async function readOperatorRoles(db: Db, walletAddress: string): Promise<OperatorRoleName[]> {
  const rows = await db
    .select({ role: operatorRoles.role })
    .from(operatorRoles)
    .where(
      and(eq(operatorRoles.walletAddress, walletAddress.toLowerCase()), isNull(operatorRoles.revokedAt)),
    );
  return rows.map((row) => row.role);
}
