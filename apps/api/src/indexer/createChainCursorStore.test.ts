import { chainCursors, createTestDb, type TestDbHandle, testDrivers } from '@far/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChainCursorStore } from './createChainCursorStore.js';

const deployA = { hash: '0xaaa', parentHash: '0xa00' };
const deployB = { hash: '0xbbb', parentHash: '0xb00' };

describe.each(testDrivers())('createChainCursorStore on %s', (driver) => {
  let testDb: TestDbHandle;
  let n = 0;
  const store = () => createChainCursorStore({ db: testDb.db, name: `cursor-${++n}`, startBlock: 9n });

  beforeAll(async () => {
    testDb = await createTestDb({ driver });
  });
  afterAll(async () => {
    await testDb?.close();
  });

  it('reads an unstored cursor before the deployment block, then starts one in its history', async () => {
    const cursors = store();
    expect(await cursors.read()).toEqual({
      blockNumber: 9n,
      blockHash: null,
      deployBlockHash: null,
      idempotencyScope: null,
      stored: false,
    });
    expect(await cursors.start(deployA)).toEqual({
      blockNumber: 9n,
      blockHash: '0xa00',
      deployBlockHash: '0xaaa',
      idempotencyScope: '0xaaa',
      stored: true,
    });
  });

  it('advances only under a lock that still sees the cursor it was given', async () => {
    const cursors = store();
    const cursor = await cursors.start(deployA);
    await testDb.db.transaction(async (tx) => {
      expect(await cursors.lockIfUnchanged(tx, cursor)).toBe(true);
      await cursors.advance(tx, 20n, '0x20');
    });
    const moved = await cursors.read();
    expect(moved).toMatchObject({ blockNumber: 20n, blockHash: '0x20', idempotencyScope: '0xaaa' });
    await testDb.db.transaction(async (tx) => {
      expect(await cursors.lockIfUnchanged(tx, cursor)).toBe(false);
      expect(await cursors.lockIfUnchanged(tx, moved)).toBe(true);
    });
  });

  it('keeps the key scope when rewinding in the same history and takes a new one on another chain', async () => {
    const cursors = store();
    let cursor = await cursors.start(deployA);
    await testDb.db.transaction((tx) => cursors.advance(tx, 30n, '0x30'));
    cursor = await cursors.read();
    const same = await cursors.rewind(cursor, deployA);
    expect(same.sameHistory).toBe(true);
    expect(same.cursor).toMatchObject({ blockNumber: 9n, idempotencyScope: '0xaaa' });

    const other = await cursors.rewind(same.cursor, deployB);
    expect(other.sameHistory).toBe(false);
    expect(other.cursor).toMatchObject({ blockNumber: 9n, blockHash: '0xb00', idempotencyScope: '0xbbb' });
  });

  it('leaves a cursor another replica already moved when rewinding', async () => {
    const cursors = store();
    const stale = await cursors.start(deployA);
    await testDb.db.transaction((tx) => cursors.advance(tx, 40n, '0x40'));
    const { cursor } = await cursors.rewind(stale, deployB);
    expect(cursor).toMatchObject({ blockNumber: 40n, idempotencyScope: '0xaaa' });
  });

  it('records the deployment block on a legacy cursor, once', async () => {
    const cursors = store();
    const name = `cursor-${n}`;
    await testDb.db.insert(chainCursors).values({ name, blockNumber: 15n });
    const legacy = await cursors.read();
    expect(legacy).toMatchObject({ deployBlockHash: null, idempotencyScope: null });
    const adopted = await cursors.adoptLegacy(legacy, async () => deployA);
    expect(adopted).toMatchObject({ blockNumber: 15n, deployBlockHash: '0xaaa', idempotencyScope: null });
    expect(await cursors.adoptLegacy(adopted, async () => deployB)).toBe(adopted);
    const [row] = await testDb.db.select().from(chainCursors).where(eq(chainCursors.name, name));
    expect(row?.deployBlockHash).toBe('0xaaa');
  });
});
