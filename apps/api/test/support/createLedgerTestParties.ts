import { randomBytes } from 'node:crypto';
import { type Db, gpuNodes, users } from '@far/db';
import { creditDeposit } from '../../src/ledger/creditDeposit.js';

/**
 * Test fixture: inserts a user (random wallet) and returns its id. Ledger accounts reference
 * users, so tests need real rows.
 *
 * @param db - a migrated test database.
 * @returns users.id and the wallet address.
 */
export async function createLedgerTestUser(db: Db): Promise<{ id: string; walletAddress: string }> {
  const walletAddress = `0x${randomBytes(20).toString('hex')}`;
  const [user] = await db.insert(users).values({ walletAddress }).returning({ id: users.id });
  if (user === undefined) throw new Error('user insert returned nothing');
  return { id: user.id, walletAddress };
}

/**
 * Test fixture: inserts a user (random wallet) and credits `amount` wei to its available balance,
 * as an indexed on-chain deposit would (idempotency key `fund:<user id>`).
 *
 * @param db - a migrated test database.
 * @param amount - the deposit, in wei.
 * @returns users.id and the wallet address.
 * @example
 * const user = await createFundedLedgerTestUser(db, 10n * 10n ** 18n);
 */
export async function createFundedLedgerTestUser(
  db: Db,
  amount: bigint,
): Promise<{ id: string; walletAddress: string }> {
  const user = await createLedgerTestUser(db);
  await creditDeposit(db, { userId: user.id, amount, idempotencyKey: `fund:${user.id}` });
  return user;
}

/**
 * Test fixture: inserts a GPU node owned by a fresh user and returns gpu_nodes.id.
 *
 * @param db - a migrated test database.
 * @returns gpu_nodes.id.
 */
export async function createLedgerTestNode(db: Db): Promise<string> {
  const owner = await createLedgerTestUser(db);
  const [node] = await db
    .insert(gpuNodes)
    .values({ nodeId: `node-${randomBytes(6).toString('hex')}`, ownerAddress: owner.walletAddress })
    .returning({ id: gpuNodes.id });
  if (node === undefined) throw new Error('node insert returned nothing');
  return node.id;
}
