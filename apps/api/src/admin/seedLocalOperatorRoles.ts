import { type FarRole, LOCAL_ROLE_ACCOUNTS } from '@far/contracts';
import type { Db } from '@far/db';
import { grantOperatorRole } from './grantOperatorRole.js';

/**
 * Grants the local network's database roles to their dev accounts (`LOCAL_ROLE_ACCOUNTS`: #10 admin,
 * #11 operator, #12 treasurer, #13 price keeper, #0 oracle). Idempotent: a role already held is left
 * as it is, so every `npm start` may run it.
 *
 * @param db The database.
 * @param accountAddress The address of Hardhat dev account `index`.
 * @returns how many grants were new.
 * @example
 * await seedLocalOperatorRoles(db, (i) => devAccountAddress(i))
 */
export async function seedLocalOperatorRoles(
  db: Db,
  accountAddress: (index: number) => string,
): Promise<number> {
  let granted = 0;
  for (const [role, index] of Object.entries(LOCAL_ROLE_ACCOUNTS) as Array<[FarRole, number]>) {
    if (await grantOperatorRole(db, { walletAddress: accountAddress(index), role, grantedBy: 'system' }))
      granted++;
  }
  return granted;
}
