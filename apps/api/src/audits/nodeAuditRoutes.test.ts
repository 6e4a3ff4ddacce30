import { randomUUID } from 'node:crypto';
import { gpuNodes, users } from '@far/db';
import { createTestDb, type TestDbHandle } from '@far/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suspendNode } from '../nodes/suspendNode.js';
import { nodeAuditRoutes } from './nodeAuditRoutes.js';
import { recordNodeAudit } from './recordNodeAudit.js';

let database: TestDbHandle;
beforeAll(async () => {
  database = await createTestDb();
});
afterAll(async () => {
  await database?.close();
});

describe('GET /api/nodes/{nodeId}/audits', () => {
  it("shows a node's passes, strikes, suspension and latest evidence hashes, never the answers", async () => {
    const { db } = database;
    const owner = '0x00000000000000000000000000000000000000b1';
    await db.insert(users).values({ walletAddress: owner });
    await db.insert(gpuNodes).values({ nodeId: 'audited-1', ownerAddress: owner });
    const check = (passed: boolean) =>
      recordNodeAudit(db, {
        nodeId: 'audited-1',
        taskId: randomUUID(),
        kind: passed ? 'canary' : 'audit',
        passed,
        evidence: { answer: ['secret', ' text'], divergedAt: passed ? null : 3 },
        payments: [],
        strikesSince: new Date(0),
      });
    await check(true);
    await check(true);
    const strike = await check(false);
    expect(strike.strikes).toBe(1);
    await suspendNode(db, { nodeId: 'audited-1', reason: 'test', actor: 'system' });

    const app = nodeAuditRoutes({ db });
    const res = await app.request('/api/nodes/audited-1/audits');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { recent: unknown[] };
    expect(body).toMatchObject({
      node_id: 'audited-1',
      checks: 3,
      passes: 2,
      strikes: 1,
      pass_rate: 2 / 3,
      suspension: { reason: 'test', actor: 'system' },
    });
    expect(body.recent).toHaveLength(3);
    expect(body.recent).toContainEqual(
      expect.objectContaining({
        kind: 'audit',
        passed: false,
        evidence_hash: strike.evidenceHash,
        diverged_at: 3,
      }),
    );
    expect(JSON.stringify(body)).not.toContain('secret');

    const none = await (await app.request('/api/nodes/never-checked/audits')).json();
    expect(none).toMatchObject({ checks: 0, strikes: 0, pass_rate: null, suspension: null, recent: [] });
  });
});
