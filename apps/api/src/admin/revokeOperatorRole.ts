import { type Db, type OperatorRoleName, operatorRoles } from '@far/db';
import { and, eq, isNull } from 'drizzle-orm';

/**
 * Revokes a wallet's live grant of a role (the row stays, stamped with who and when).
 *
 * @returns whether a live grant was revoked.
 * @example
 * await revokeOperatorRole(db, { walletAddress, role: 'operator', revokedBy: admin })
 */
export async function revokeOperatorRole(
  db: Db,
  input: { walletAddress: string; role: OperatorRoleName; revokedBy: string },
): Promise<boolean> {
  const revoked = await db
    .update(operatorRoles)
    .set({ revokedAt: new Date(), revokedBy: input.revokedBy })
    .where(
      and(
        eq(operatorRoles.walletAddress, input.walletAddress.toLowerCase()),
        eq(operatorRoles.role, input.role),
        isNull(operatorRoles.revokedAt),
      ),
    )
    .returning({ id: operatorRoles.id });
  return revoked.length === 1;
}
