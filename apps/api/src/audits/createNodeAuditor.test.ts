import { randomUUID } from 'node:crypto';
import { canaryAnswers, gpuNodes, nodeAudits } from '@far/db';
import { NodeCloseCode } from '@far/protocol';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useNodeGatewayFixtures } from '../../test/support/nodeGatewayFixtures.js';
import { auditLedger } from '../ledger/auditLedger.js';
import { getAccountBalance } from '../ledger/getAccountBalance.js';
import { transfer } from '../ledger/transfer.js';
import { createLogger } from '../observability/createLogger.js';
import { findPayableNodes } from '../services/inference/findPayableNodes.js';
import { auditEvidenceHash } from './auditEvidenceHash.js';
import type { AuditedNetwork } from './auditorContext.js';
import type { AuditConfig } from './auditRates.js';
import { type CreateNodeAuditorOptions, createNodeAuditor } from './createNodeAuditor.js';
import { readNodeAuditRecord } from './readNodeAuditRecord.js';

const fx = useNodeGatewayFixtures();
const { startGateway, joinNode, serveTasks, collect, task } = fx;

const HONEST = ['The', ' river', ' runs', ' by', ' the', ' town', '.'];
const ALTERED = ['The', ' rover', ' runs', ' by', ' the', ' town', '.'];
const RUN_COST = 10n ** 15n;

/**
 * Honest nodes (two by default) and one that alters every answer, behind a gateway, with an auditor
 * (canaries sent at once unless `auditorOptions` say otherwise). `dispatched` lists every task the
 * gateway was asked to run, user tasks and checks, in order.
 */
async function startAuditedNetwork(
  config: Partial<AuditConfig>,
  honestNodes = 2,
  auditorOptions: Pick<CreateNodeAuditorOptions, 'random' | 'canaryDelayTasks' | 'canaryDelayMs'> = {},
) {
  const env = await startGateway();
  const honest: Awaited<ReturnType<typeof joinNode>>[] = [];
  for (let i = 0; i < honestNodes; i++) honest.push(await joinNode(env));
  const cheater = await joinNode(env);
  for (const node of honest) serveTasks(node.client, HONEST);
  serveTasks(cheater.client, ALTERED);
  const dispatched: { prompt: unknown; exclude: ReadonlySet<string> | undefined }[] = [];
  const network: AuditedNetwork = {
    ...env.gateway,
    dispatch(request) {
      dispatched.push({ prompt: request.messages ?? request.prompt, exclude: request.exclude });
      return env.gateway.dispatch(request);
    },
  };
  const auditor = createNodeAuditor({
    db: fx.db,
    network,
    logger: createLogger('silent'),
    config: { maxInFlight: 100, ...config },
    runCostWei: async () => RUN_COST,
    canaryDelayMs: 0,
    ...auditorOptions,
  });
  const all = [...honest, cheater].map((n) => n.nodeId);
  /** Serves one task on `nodeId` only, read to the end like a user would. */
  const serveOnly = async (nodeId: string) => {
    const exclude = new Set(all.filter((id) => id !== nodeId));
    // Real task ids are UUIDs (node_audits.task_id is one).
    const request = { ...task({ taskId: randomUUID() }), exclude };
    const stream = await auditor.dispatch(request as ReturnType<typeof task>);
    await collect(stream);
  };
  /** `serveOnly`, then waits for the checks it started or scheduled. */
  const serveOn = async (nodeId: string) => {
    await serveOnly(nodeId);
    await auditor.settled();
  };
  const auditsOf = (nodeId: string) => fx.db.select().from(nodeAudits).where(eq(nodeAudits.nodeId, nodeId));
  return { env, honest, cheater, auditor, serveOnly, serveOn, auditsOf, dispatched };
}

describe('proof of serving', () => {
  it('strikes a node whose audited answer was altered, with evidence, and suspends it at the third strike', async () => {
    const net = await startAuditedNetwork({ probationAuditRate: 1, probationCanaryRate: 0 });
    for (let i = 0; i < 3; i++) await net.serveOn(net.cheater.nodeId);

    const rows = await net.auditsOf(net.cheater.nodeId);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).toMatchObject({ kind: 'audit', passed: false });
      expect(row.evidenceHash).toBe(auditEvidenceHash(row.detail as never));
      expect(row.detail).toMatchObject({
        answer: ALTERED,
        auditorAnswer: HONEST,
        divergedAt: 5,
        divergedAtToken: 1,
      });
    }
    expect(await net.cheater.client.closed).toBe(NodeCloseCode.suspended);
    const [node] = await fx.db.select().from(gpuNodes).where(eq(gpuNodes.nodeId, net.cheater.nodeId));
    expect(node?.status).toBe('suspended');
    const record = await readNodeAuditRecord(fx.db, net.cheater.nodeId);
    expect(record).toMatchObject({
      checks: 3,
      passes: 0,
      strikes: 3,
      passRate: 0,
      suspension: { actor: 'system' },
    });
    expect(JSON.stringify(record)).not.toContain('rover');
    for (const h of net.honest) expect((await net.auditsOf(h.nodeId)).filter((r) => !r.passed)).toEqual([]);
  });

  it('passes an honest node, and pays the auditing node from the treasury, every wei recorded', async () => {
    const net = await startAuditedNetwork({ probationAuditRate: 1, probationCanaryRate: 0 });
    await transfer(fx.db, {
      from: { kind: 'chain_deposits' },
      to: { kind: 'treasury' },
      amount: 10n ** 18n,
      idempotencyKey: `fund-treasury-${Math.random()}`,
    });
    const treasuryBefore = await getAccountBalance(fx.db, { kind: 'treasury' });
    const [a, b] = net.honest.map((n) => n.nodeId) as [string, string];
    await net.serveOn(a);

    const [row] = await net.auditsOf(a);
    expect(row).toMatchObject({ kind: 'audit', passed: true, costFarWei: (RUN_COST * 60n) / 100n });
    // The re-run went to a different node: the other honest one (the cheater's score is no better).
    expect([b, net.cheater.nodeId]).toContain(row?.auditorNodeId);
    const auditor = (await findPayableNodes(fx.db, [row?.auditorNodeId as string])).get(
      row?.auditorNodeId as string,
    );
    expect(
      await getAccountBalance(fx.db, { kind: 'node_earnings', nodeId: auditor?.id as string }),
    ).toBeGreaterThanOrEqual((RUN_COST * 60n) / 100n);
    expect(treasuryBefore - (await getAccountBalance(fx.db, { kind: 'treasury' }))).toBe(row?.costFarWei);
    expect((await auditLedger(fx.db)).ok).toBe(true);
  });

  it('catches altered text on canaries (answers agreed by two other nodes) and never strikes honest nodes', async () => {
    const net = await startAuditedNetwork({ probationAuditRate: 0, probationCanaryRate: 1 });
    for (const h of net.honest) await net.serveOn(h.nodeId);
    for (let i = 0; i < 3 && net.env.gateway.registry.get(net.cheater.nodeId); i++)
      await net.serveOn(net.cheater.nodeId);

    const struck = (await net.auditsOf(net.cheater.nodeId)).filter((r) => !r.passed);
    expect(struck.length).toBeGreaterThanOrEqual(3);
    for (const row of struck)
      expect(row).toMatchObject({ kind: 'canary', detail: { answer: expect.arrayContaining([' rover']) } });
    expect(await net.cheater.client.closed).toBe(NodeCloseCode.suspended);
    for (const h of net.honest) expect((await net.auditsOf(h.nodeId)).filter((r) => !r.passed)).toEqual([]);
    const references = await fx.db.select().from(canaryAnswers);
    expect(references.length).toBeGreaterThan(0);
    for (const r of references) expect(r.agreedBy).not.toContain(net.cheater.nodeId);
  });

  it('sends the canary a task drew once its node served the drawn number of further tasks, long before its time bound', async () => {
    // random() per task: the spot-check draw (rate 0: never), then the canary draw (rate 0.5). The
    // first task draws a canary (0.1), to go out after floor(0.6 × 5) = 3 further tasks of the
    // cheater or 0.5 × 10 min, whichever first; every later draw is 0.9: no other canary.
    const draws = [0.5, 0.1, 0.6, 0.5];
    const net = await startAuditedNetwork({ probationAuditRate: 0, probationCanaryRate: 0.5 }, 2, {
      random: () => draws.shift() ?? 0.9,
      canaryDelayTasks: 4,
      canaryDelayMs: 600_000,
    });
    const cheaterOnly = (exclude: ReadonlySet<string> | undefined) =>
      exclude !== undefined &&
      net.honest.every((h) => exclude.has(h.nodeId)) &&
      !exclude.has(net.cheater.nodeId);
    const canaryDispatches = () =>
      net.dispatched.filter((d) => d.prompt !== 'Once upon' && cheaterOnly(d.exclude));

    for (let i = 0; i < 3; i++) await net.serveOnly(net.cheater.nodeId);
    // Honest nodes' tasks do not count towards the cheater's canary.
    for (const h of net.honest) await net.serveOnly(h.nodeId);
    expect(canaryDispatches()).toEqual([]);
    await net.serveOnly(net.cheater.nodeId);
    // settled() would wait the 10 min time bound (past the test's timeout) had the canary not gone out.
    await net.auditor.settled();
    expect(canaryDispatches()).toHaveLength(1);
    // It went out after the cheater's fourth task, the last user task dispatched.
    const lastUserTask = net.dispatched.findLastIndex((d) => d.prompt === 'Once upon');
    expect(net.dispatched.indexOf(canaryDispatches()[0] as (typeof net.dispatched)[number])).toBeGreaterThan(
      lastUserTask,
    );
    expect(
      (await net.auditsOf(net.cheater.nodeId)).filter((r) => r.kind === 'canary' && !r.passed),
    ).toHaveLength(1);
  });

  it('does not strike on a divergence no third node can confirm (a strike proposes a slash)', async () => {
    const net = await startAuditedNetwork({ probationAuditRate: 1, probationCanaryRate: 0 }, 1);
    await net.serveOn(net.cheater.nodeId);
    const [row] = await net.auditsOf(net.cheater.nodeId);
    expect(row).toMatchObject({ kind: 'audit', passed: true, detail: { arbiter: null, divergedAt: 5 } });
    expect(net.env.gateway.registry.get(net.cheater.nodeId)?.status).toBe('online');
  });
});
