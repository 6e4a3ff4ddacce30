/**
 * Proof of serving (issue 18): one new node that alters 5 % of its answers joins nine established
 * honest nodes; users send greedy chat tasks through the coordinator's node gateway with the
 * auditor on at its default rates (apps/api/src/audits/README.md). Prints how many tasks the
 * cheater served before its first strike, and what the checks cost in tokens against the users'.
 *
 *   RESULT cheater_caught_within_tasks=N   goal ≤ 200
 *   RESULT audit_overhead_pct=P            goal ≤ 3
 *
 * Real parts: the gateway, its WebSocket protocol, the scheduler, the auditor, PGlite. The nodes
 * are scripted (`startScriptedNode`): the bench measures the checks, not a model.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nodeAudits } from '@far/db';
import { createTestDb } from '@far/db/testing';
import { and, asc, eq } from 'drizzle-orm';
import { auditNodeNetwork } from '../src/audits/auditNodeNetwork.js';
import { transfer } from '../src/ledger/transfer.js';
import { createNodeGateway } from '../src/nodeGateway/createNodeGateway.js';
import { createLogger } from '../src/observability/createLogger.js';
import { printResult } from './overhead/printResult.js';
import { type ScriptedNode, startScriptedNode } from './proofOfServing/startScriptedNode.js';

// far-demo: catalogued on every network; the scripted nodes announce its weights hash.
const MODEL = 'far-demo';
const HONEST_NODES = 9;
const USER_TASKS = Number(process.env.POS_BENCH_TASKS ?? 1500);
const CONCURRENCY = 12;
const PROMPTS = [
  'Summarize the history of the harbour town',
  'Explain how a water mill works',
  'Write a short story about a bridge keeper',
  'List the things a market sells in autumn',
  'Describe a morning on the river',
  'What should I pack for a walk in the hills',
];

const database = await createTestDb();
const { db } = database;
const server = createServer();
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const logger = createLogger('silent');
const gateway = createNodeGateway({ db, logger, publicUrl, heartbeatTtlMs: 3_600_000 });
server.on('upgrade', (req, socket, head) => gateway.handleUpgrade(req, socket, head) || socket.destroy());
const wsUrl = `${publicUrl.replace('http', 'ws')}/v1/nodes/connect`;

const honest: ScriptedNode[] = [];
for (let i = 0; i < HONEST_NODES; i++)
  honest.push(await startScriptedNode({ wsUrl, publicUrl, nodeId: `honest-${i}`, model: MODEL }));
const cheater = await startScriptedNode({
  wsUrl,
  publicUrl,
  nodeId: 'cheater',
  model: MODEL,
  corruptRate: 0.05,
});
while ([...gateway.registry.nodesServing(MODEL)].length < HONEST_NODES + 1) await sleep(20);

// The honest nodes are established (each passed 100 checks before); the cheater is new. The
// treasury holds the stakers'-and-treasury share of past traffic, from which checks are paid.
for (const node of honest)
  await db.insert(nodeAudits).values(
    Array.from({ length: 100 }, () => ({
      nodeId: node.nodeId,
      taskId: randomUUID(),
      kind: 'canary' as const,
      passed: true,
      evidenceHash: `0x${'0'.repeat(64)}`,
      detail: { history: true },
    })),
  );
await transfer(db, {
  from: { kind: 'chain_deposits' },
  to: { kind: 'treasury' },
  amount: 10n ** 24n,
  idempotencyKey: 'bench-treasury',
});

const { nodes, auditor } = auditNodeNetwork(gateway, { db, logger, farUsdPrice: async () => 10_000_000n });
const started = Date.now();
let next = 0;
let failedTasks = 0;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < USER_TASKS) {
      next += 1;
      const prompt = `${PROMPTS[next % PROMPTS.length]} (${next})`;
      try {
        const stream = await nodes.dispatch({
          taskId: randomUUID(),
          model: MODEL,
          messages: [{ role: 'user', content: prompt }],
          maxTokens: 64 + (next % 129),
          temperature: 0,
        });
        for await (const _token of stream);
      } catch {
        failedTasks += 1;
      }
    }
  }),
);
await auditor.settled();

const [firstStrike] = await db
  .select({ at: nodeAudits.createdAt })
  .from(nodeAudits)
  .where(and(eq(nodeAudits.nodeId, cheater.nodeId), eq(nodeAudits.passed, false)))
  .orderBy(asc(nodeAudits.createdAt))
  .limit(1);
const strikesOfHonest = await db
  .select({ nodeId: nodeAudits.nodeId, passed: nodeAudits.passed })
  .from(nodeAudits);
const stats = auditor.stats();
const caughtAt = firstStrike ? cheater.served.filter((t) => t <= firstStrike.at.getTime()).length : undefined;

console.log(
  `${stats.userTasks} user tasks (${failedTasks} failed) in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
    `cheater served ${cheater.served.length} tasks (checks included); ${stats.audits} audits, ${stats.canaries} canaries, ` +
    `${stats.strikes} strikes, ${stats.suspensions} suspensions`,
);
printResult('cheater_caught_within_tasks', 'pglite', caughtAt ?? Number.NaN, 0, { atMost: 200 });
printResult('audit_overhead_pct', 'pglite', (100 * stats.checkTokens) / stats.userTokens, 2, { atMost: 3 });
printResult('cheater_suspended', 'pglite', gateway.registry.get(cheater.nodeId) ? 0 : 1, 0);
printResult(
  'honest_strikes',
  'pglite',
  strikesOfHonest.filter((r) => !r.passed && r.nodeId !== cheater.nodeId).length,
  0,
  { atMost: 0 },
);

for (const node of [...honest, cheater]) node.client.close();
await nodes.close();
server.close();
await database.close();

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
