import { randomBytes } from 'node:crypto';
import { createTestDb, type TestDbHandle } from '@far/db';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFundedLedgerTestUser } from '../../test/support/createLedgerTestParties.js';
import { reserve } from './reserve.js';
import { rowsOf } from './rowsOf.js';

const FAR = 10n ** 18n;

// The one window in which the one-round-trip statement could read the ledger before its lock:
// the row-and-lock statement locked nothing (the user's reserved account did not exist yet in its
// snapshot), and a transaction changed the available account between the guarded statement's
// snapshot and its lock. Staged on Postgres with three other connections, each step waiting until
// the reservation's backend is seen blocked where it must be.
describe.skipIf(!process.env.DATABASE_URL)('a one-round-trip reservation racing a posting (Postgres)', () => {
  let testDb: TestDbHandle;
  let connections: postgres.Sql[];

  beforeAll(async () => {
    testDb = await createTestDb({ driver: 'postgres' });
    connections = [0, 1, 2, 3].map(() => postgres(testDb.url as string, { max: 1, onnotice: () => {} }));
  });
  afterAll(async () => {
    await Promise.all(connections.map((c) => c.end()));
    await testDb?.close();
  });

  /** Waits until a backend runs a statement matching `like` and waits for a lock. */
  async function blockedOn(watch: postgres.Sql, like: string) {
    for (let i = 0; i < 500; i++) {
      const [row] = await watch`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock' and query like ${like}`;
      if ((row?.n ?? 0) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`no backend blocked on ${like}`);
  }

  it('refuses, instead of admitting on reads older than its lock, and leaves the decision to admit', async () => {
    const [accounts, key, posting, watch] = connections as [
      postgres.Sql,
      postgres.Sql,
      postgres.Sql,
      postgres.Sql,
    ];
    const user = await createFundedLedgerTestUser(testDb.db, 10n * FAR);
    const idempotencyKey = `race:${user.id}`;
    // What the condition reads from its snapshot, and `admit` under the lock: a marker row the
    // racing posting writes together with its update of the available account.
    const marker = `0x${randomBytes(20).toString('hex')}`;
    let decided = 0;

    // 1. The reserved account is being created (not committed), and another request holds the key.
    const creating = accounts.reserve();
    const holding = key.reserve();
    const [create, hold] = await Promise.all([creating, holding]);
    await create`begin`;
    await create`insert into ledger_accounts (kind, user_id) values ('user_reserved', ${user.id})`;
    await hold`begin`;
    await hold`insert into ledger_transactions (idempotency_key, kind, fingerprint) values (${idempotencyKey}, 'reserve', 'held')`;

    // 2. The reservation: its row-and-lock statement waits on the key, its snapshot without the account.
    const reserving = reserve(testDb.db, {
      userId: user.id,
      amount: FAR,
      idempotencyKey,
      admission: {
        admit: async (tx) => {
          decided += 1;
          const seen = await rowsOf(tx, sql`select 1 from users where wallet_address = ${marker}`);
          if (seen.length > 0) throw new Error('refused: the racing posting is seen');
        },
        condition: () => ({
          key: 'race-marker',
          build: () =>
            sql`not exists (select 1 from users where wallet_address = ${sql.placeholder('admission_marker')})`,
          values: { admission_marker: marker },
        }),
      },
    }).then(
      () => 'reserved',
      (error: unknown) => String(error),
    );
    await blockedOn(watch, '%insert into "ledger_transactions"%');

    // 3. The account is committed; a posting locks the available account and writes the marker.
    await create`commit`;
    create.release();
    await posting`begin`;
    await posting`update ledger_accounts set balance_wei = balance_wei where kind = 'user_available' and user_id = ${user.id}`;
    await posting`insert into users (wallet_address) values (${marker})`;

    // 4. The key is freed: the row goes in, nothing is locked, and the guarded statement takes its
    //    snapshot (no marker) and waits for the available account's lock.
    await hold`rollback`;
    hold.release();
    await blockedOn(watch, '%far_reservation_refused%');

    // 5. The posting commits: the lock's version is newer than the snapshot's, so the guard refuses,
    //    and admit, under the lock, sees the marker.
    await posting`commit`;
    expect(await reserving).toMatch(/refused: the racing posting is seen/);
    expect(decided).toBe(1);
    const [held] = await watch`select count(*)::int as n from ledger_reservations where user_id = ${user.id}`;
    expect(held?.n).toBe(0);
  });
});
