import { userActivity, users } from '@far/db';
import { createTestDb, type TestDbHandle } from '@far/db/testing';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordUserActivity } from './recordUserActivity.js';

let database: TestDbHandle;
let userId: string;
beforeAll(async () => {
  database = await createTestDb();
  const [user] = await database.db
    .insert(users)
    .values({ walletAddress: `0x${'a1'.repeat(20)}` })
    .returning({ id: users.id });
  userId = user?.id ?? '';
});
afterAll(async () => {
  await database?.close();
});

const rowsOf = (type: string) =>
  database.db
    .select()
    .from(userActivity)
    .where(eq(userActivity.type, type as 'sign_in'));

describe('recordUserActivity', () => {
  it('writes one row with the network prefix instead of the address, and a bounded user agent', async () => {
    expect(
      await recordUserActivity(database.db, {
        userId,
        type: 'sign_in',
        ip: '203.0.113.77',
        userAgent: `Mozilla/5.0 ${'x'.repeat(400)}`,
        detail: { method: 'siwe' },
      }),
    ).toBe(true);
    const [row, ...more] = await rowsOf('sign_in');
    expect(more).toEqual([]);
    expect(row).toMatchObject({ userId, ipPrefix: '203.0.113.0/24', detail: { method: 'siwe' } });
    expect(row?.userAgent).toHaveLength(256);
    expect(JSON.stringify(row)).not.toContain('203.0.113.77');
  });

  it('records an event with a source key once, however often it is seen', async () => {
    const event = {
      userId,
      type: 'deposit',
      detail: { amountWei: '5' },
      sourceKey: 'chain:0xscope:0xtx:3',
      occurredAt: new Date('2026-01-02T03:04:05Z'),
    } as const;
    expect(await recordUserActivity(database.db, event)).toBe(true);
    expect(await recordUserActivity(database.db, event)).toBe(false);
    const rows = await rowsOf('deposit');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.occurredAt.toISOString()).toBe('2026-01-02T03:04:05.000Z');
  });

  it('stores the acting operator lowercase', async () => {
    await recordUserActivity(database.db, {
      userId,
      type: 'admin_action',
      actorAddress: `0x${'AB'.repeat(20)}`,
      detail: { action: 'revoke_api_keys', reason: 'reported leak' },
    });
    const [row] = await rowsOf('admin_action');
    expect(row?.actorAddress).toBe(`0x${'ab'.repeat(20)}`);
  });

  it('rolls back with the transaction of the event it records', async () => {
    await database.db
      .transaction(async (tx) => {
        await recordUserActivity(tx, { userId, type: 'api_key_created', detail: { name: 'gone' } });
        throw new Error('the key insert failed');
      })
      .catch(() => {});
    expect(await rowsOf('api_key_created')).toEqual([]);
  });

  it('is append-only: the database refuses updates and deletes', async () => {
    await expect(
      database.db.update(userActivity).set({ detail: {} }).where(eq(userActivity.userId, userId)),
    ).rejects.toThrow();
    await expect(database.db.execute(sql`delete from user_activity`)).rejects.toThrow();
  });
});
