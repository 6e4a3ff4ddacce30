import { type Db, type OperatorRoleName, operatorRoles } from '@far/db';
import { sql } from 'drizzle-orm';

export type GrantOperatorRoleInput = {
  walletAddress: string;
  role: OperatorRoleName;
  /** The admin wallet granting it, or `system` (the local network's seed). */
  grantedBy: string;
};

/**
 * Grants a database role; granting one the wallet already holds changes nothing.
 *
 * @returns whether a new grant was written.
 * @example
 * await grantOperatorRole(db, { walletAddress, role: 'operator', grantedBy: admin })
 */
export async function grantOperatorRole(db: Db, input: GrantOperatorRoleInput): Promise<boolean> {
  const inserted = await db
    .insert(operatorRoles)
    .values({
      walletAddress: input.walletAddress.toLowerCase(),
      role: input.role,
      grantedBy: input.grantedBy,
    })
    .onConflictDoNothing({
      target: [operatorRoles.walletAddress, operatorRoles.role],
      where: sql`${operatorRoles.revokedAt} is null`,
    })
    .returning({ id: operatorRoles.id });
  return inserted.length === 1;
}
