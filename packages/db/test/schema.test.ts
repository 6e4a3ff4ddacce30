import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chainCursors,
  createDb,
  createTestDb,
  gpuNodes,
  inferenceLogs,
  inferenceTasks,
  ledgerAccounts,
  ledgerEntries,
  ledgerTransactions,
  settlementBatches,
  type TestDbHandle,
  testDrivers,
  users,
} from '../src/index.js';

const expectedTables = [
  'admin_audit_log',
  'api_keys',
  'auth_nonces',
  'batch_files',
  'batch_requests',
  'batches',
  'canary_answers',
  'chain_cursors',
  'charge_write_offs',
  'desci_chain_backings',
  'desci_chain_decisions',
  'desci_chain_events',
  'desci_chain_milestones',
  'desci_chain_proposals',
  'desci_chain_publications',
  'desci_comments',
  'desci_proposal_pages',
  'desci_reviews',
  'fartwin_charges',
  'fartwin_chunks',
  'fartwin_conversations',
  'fartwin_documents',
  'fartwin_memories',
  'fartwin_memory_settings',
  'fartwin_messages',
  'fartwin_twins',
  'gamed_build_uploads',
  'gamed_chain_builds',
  'gamed_chain_games',
  'gamed_chain_licences',
  'gamed_chain_listings',
  'gamed_chain_purchases',
  'gamed_chain_withdrawals',
  'gamed_downloads',
  'gamed_game_pages',
  'gaming_chain_disputes',
  'gaming_chain_entries',
  'gaming_chain_results',
  'gaming_chain_tournaments',
  'gaming_profiles',
  'gaming_result_submissions',
  'gaming_runs',
  'gaming_seeds',
  'gpu_nodes',
  'inference_logs',
  'inference_tasks',
  'ledger_accounts',
  'ledger_entries',
  'ledger_reservations',
  'ledger_transactions',
  'models',
  'network_metrics',
  'node_audits',
  'node_online_intervals',
  'node_slash_proposals',
  'node_suspensions',
  'operator_roles',
  'refresh_tokens',
  'revenue_streams',
  'settlement_batches',
  'spending_authorizations',
  'staking_records',
  'user_activity',
  'users',
];

function wallet(n: number): string {
  return `0x${n.toString(16).padStart(40, '0')}`;
}

/** Postgres error code of a failed query, whichever driver and wrapper raised it. */
function pgCode(error: unknown): string | undefined {
  let current: unknown = error;
  while (current instanceof Error || (typeof current === 'object' && current !== null)) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
    if (current === undefined) break;
  }
  return undefined;
}

async function rejectsWithCode(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected a failure with SQLSTATE ${code}`).toBeDefined();
  expect(pgCode(error)).toBe(code);
}

describe.each(testDrivers())('schema on %s', (driver) => {
  let testDb: TestDbHandle;

  beforeAll(async () => {
    testDb = await createTestDb({ driver, migrate: false });
  });
  afterAll(async () => {
    await testDb?.close();
  });

  it('applies the migrations to an empty database, and applying them again changes nothing', async () => {
    await testDb.migrate();
    await testDb.migrate();
    const rows = await testDb.db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    expect(rowsOf<{ table_name: string }>(rows).map((r) => r.table_name)).toEqual(expectedTables);
    await testDb.ping();
  });

  it('round-trips wei amounts far above 2^64 without losing a digit', async () => {
    const maxUint256 = 2n ** 256n - 1n;
    const [user] = await testDb.db
      .insert(users)
      .values({ walletAddress: wallet(1) })
      .returning();
    const [node] = await testDb.db
      .insert(gpuNodes)
      .values({ nodeId: 'node-wei', ownerAddress: wallet(1), totalEarnedWei: maxUint256 })
      .returning();
    expect(node?.totalEarnedWei).toBe(maxUint256);
    const [read] = await testDb.db.select().from(gpuNodes).where(eq(gpuNodes.nodeId, 'node-wei'));
    expect(read?.totalEarnedWei).toBe(maxUint256);
    expect(typeof read?.totalEarnedWei).toBe('bigint');

    const above64 = 2n ** 64n + 12_345n;
    const [task] = await testDb.db
      .insert(inferenceTasks)
      .values({ taskId: 'task-wei', userId: user?.id ?? '', modelName: 'm', costFarWei: above64 })
      .returning();
    expect(task?.costFarWei).toBe(above64);
    // The database itself holds the exact number, not a rounded float.
    const exact = rowsOf<{ v: string }>(
      await testDb.db.execute<{ v: string }>(
        sql`select cost_far_wei::text as v from inference_tasks where task_id = 'task-wei'`,
      ),
    );
    expect(exact[0]?.v).toBe(above64.toString());
  });

  it('defaults wei columns to zero and numeric scores to numbers', async () => {
    await testDb.db.insert(users).values({ walletAddress: wallet(2) });
    const [node] = await testDb.db
      .insert(gpuNodes)
      .values({ nodeId: 'node-defaults', ownerAddress: wallet(2) })
      .returning();
    expect(node?.totalEarnedWei).toBe(0n);
    expect(node?.reliabilityScore).toBe(80);
    expect(node?.models).toEqual([]);
    expect(node?.status).toBe('offline');
  });

  it('round-trips int8 columns as bigint and JSONB documents as objects', async () => {
    const [batch] = await testDb.db
      .insert(settlementBatches)
      .values({
        batchNumber: 2n ** 62n,
        periodStart: new Date('2026-01-01T00:00:00Z'),
        periodEnd: new Date('2026-01-01T01:00:00Z'),
        totalWei: 10n ** 27n,
        items: [{ to: wallet(3), amountWei: '5' }],
      })
      .returning();
    expect(batch).toMatchObject({ batchNumber: 2n ** 62n, totalWei: 10n ** 27n, status: 'pending' });
    expect(batch?.periodStart.toISOString()).toBe('2026-01-01T00:00:00.000Z');

    await testDb.db
      .insert(chainCursors)
      .values({ name: 'indexer', blockNumber: 123_456_789_012n, blockHash: '0xab' });
    const [cursor] = await testDb.db.select().from(chainCursors).where(eq(chainCursors.name, 'indexer'));
    expect(cursor?.blockNumber).toBe(123_456_789_012n);

    const [user] = await testDb.db
      .insert(users)
      .values({ walletAddress: wallet(4) })
      .returning();
    const doc = {
      model: 'llama',
      metadata: { tokensUsed: 1500, temperature: 0.7 },
      performance: { tokensPerSecond: 45.3 },
    };
    await testDb.db
      .insert(inferenceLogs)
      .values({ taskId: '00000000-0000-4000-8000-000000000001', userId: user?.id ?? null, doc });
    const [log] = await testDb.db.select().from(inferenceLogs);
    expect(log?.doc).toEqual(doc);
    expect(typeof log?.id).toBe('bigint');
  });

  it('enforces foreign keys', async () => {
    // 23503 = foreign_key_violation
    await rejectsWithCode(
      testDb.db.insert(gpuNodes).values({ nodeId: 'orphan', ownerAddress: wallet(999) }),
      '23503',
    );
    await rejectsWithCode(
      testDb.db
        .insert(inferenceTasks)
        .values({ taskId: 'orphan', userId: '00000000-0000-4000-8000-000000000000', modelName: 'm' }),
      '23503',
    );
  });

  it('rejects wallet addresses that are not lowercase hex', async () => {
    // 23514 = check_violation
    await rejectsWithCode(
      testDb.db.insert(users).values({ walletAddress: '0xABCDEF0000000000000000000000000000000000' }),
      '23514',
    );
  });

  it('keeps internal ledger balances non-negative but lets the chain counterparty and the treasury go below zero', async () => {
    await rejectsWithCode(
      testDb.db.insert(ledgerAccounts).values({ kind: 'stakers_pool', balanceWei: -1n }),
      '23514',
    );
    // The treasury may owe unsettled audit pay; the API bounds that debt (LedgerOverdraft).
    const [treasury] = await testDb.db
      .insert(ledgerAccounts)
      .values({ kind: 'treasury', balanceWei: -1n })
      .returning();
    expect(treasury?.balanceWei).toBe(-1n);
    const [external] = await testDb.db
      .insert(ledgerAccounts)
      .values({ kind: 'chain_deposits', balanceWei: -(10n ** 30n) })
      .returning();
    expect(external?.balanceWei).toBe(-(10n ** 30n));
  });

  it('treats system ledger accounts (no user, no node) as one per kind', async () => {
    await testDb.db.insert(ledgerAccounts).values({ kind: 'stakers_pool' });
    // 23505 = unique_violation: NULLS NOT DISTINCT makes the second system account a duplicate.
    await rejectsWithCode(testDb.db.insert(ledgerAccounts).values({ kind: 'stakers_pool' }), '23505');
  });

  it('refuses zero ledger entries and duplicate idempotency keys', async () => {
    const [account] = await testDb.db.insert(ledgerAccounts).values({ kind: 'settled' }).returning();
    const [tx] = await testDb.db
      .insert(ledgerTransactions)
      .values({ idempotencyKey: 'k1', kind: 'transfer', fingerprint: 'f' })
      .returning();
    await rejectsWithCode(
      testDb.db
        .insert(ledgerEntries)
        .values({ transactionId: tx?.id ?? '', accountId: account?.id ?? '', amountWei: 0n }),
      '23514',
    );
    await rejectsWithCode(
      testDb.db
        .insert(ledgerTransactions)
        .values({ idempotencyKey: 'k1', kind: 'transfer', fingerprint: 'f' }),
      '23505',
    );
  });
});

describe('PGlite on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'far-db-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps data across reopen and migrates idempotently', async () => {
    const first = await createDb({ driver: 'pglite', dataDir: join(dir, 'data') });
    expect(first.kind).toBe('pglite');
    await first.migrate();
    await first.db.insert(users).values({ walletAddress: wallet(7), username: 'seven' });
    await first.close();

    const second = await createDb({ driver: 'pglite', dataDir: join(dir, 'data') });
    await second.migrate();
    const rows = await second.db
      .select()
      .from(users)
      .where(eq(users.walletAddress, wallet(7)));
    expect(rows.map((r) => r.username)).toEqual(['seven']);
    await second.close();
    // Two on-disk initdb runs: generous, because CI and dev machines share their cores.
  }, 300_000);
});

/** `db.execute` returns an array on postgres-js and `{ rows }` on PGlite. */
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
}
