import { type Db, users } from '@far/db';
import { eq } from 'drizzle-orm';

/**
 * Returns the user of a wallet, creating the row on first sign-in. Addresses are stored
 * lowercase so that checksum casing never splits one wallet into two users.
 */
export async function upsertUser(db: Db, walletAddress: `0x${string}`) {
  const address = walletAddress.toLowerCase();
  await db
    .insert(users)
    .values({ walletAddress: address })
    .onConflictDoNothing({ target: users.walletAddress });
  const [user] = await db.select().from(users).where(eq(users.walletAddress, address));
  if (!user) throw new Error(`user ${address} vanished after upsert`);
  return user;
}
