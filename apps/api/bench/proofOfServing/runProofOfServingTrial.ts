import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nodeAudits } from '@far/db';
import { createTestDb } from '@far/db/testing';
import { and, asc, eq } from 'drizzle-orm';
import { auditNodeNetwork } from '../../src/audits/auditNodeNetwork.js';
import type { AuditorStats } from '../../src/audits/auditorContext.js';
import { transfer } from '../../src/ledger/transfer.js';
import { createNodeGateway } from '../../src/nodeGateway/createNodeGateway.js';
import { createLogger } from '../../src/observability/createLogger.js';
import { seededRandom } from './seededRandom.js';
import { type ScriptedNode, startScriptedNode } from './startScriptedNode.js';

// far-demo: catalogued on every network; the scripted nodes announce its weights hash.
const MODEL = 'far-demo';
const HONEST_NODES = 9;
const CONCURRENCY = 12;
const PROMPTS = [
  'Summarize the history of the harbour town',
  'Explain how a water mill works',
  'Write a short story about a bridge keeper',
  'List the things a market sells in autumn',
  'Describe a morning on the river',
  'What should I pack for a walk in the hills',
];

export type ProofOfServingTrial = {
  seed: number;
  /** Tasks the cheater served (checks included) up to its first strike; undefined if never struck. */
  caughtAt: number | undefined;
  /** Tasks the cheater served in the whole trial: a trial that never caught it says "more than this". */
  cheaterServed: number;
  /** Check tokens ÷ user tokens, in percent. */
  auditOverheadPct: number;
  cheaterSuspended: boolean;
  honestStrikes: number;
  failedTasks: number;
  stats: AuditorStats;
  seconds: number;
};

/**
 * One trial of the proof-of-serving bench: one new node that alters 5 % of its answers joins nine
 * established honest nodes (each with 100 passed checks) behind the real node gateway, scheduler and
 * auditor at the default rates, on a fresh PGlite; `tasks` greedy chat tasks are sent, 12 at a
 * time, and the trial reports when the cheater was first struck and what the checks cost.
 *
 * @param params - the seed of the trial's random draws (the cheater's and the auditor's), how many
 *   user tasks to send (the overhead is measured over them), and the goal: a cheater neither caught
 *   nor served that many tasks by then gets more traffic (100 tasks at a time, at most 2,000) until
 *   one or the other, so every trial can say whether it was caught within the goal.
 * @returns the trial's figures.
 */
export async function runProofOfServingTrial(params: {
  seed: number;
  tasks: number;
  goalTasks: number;
}): Promise<ProofOfServingTrial> {
  const { database, server, gateway, honest, cheater, logger } = await startBenchNetwork(params.seed);
  const { db } = database;
  const { nodes, auditor } = auditNodeNetwork(gateway, {
    db,
    logger,
    farUsdPrice: async () => 10_000_000n,
    random: seededRandom(params.seed ^ 0x5eed),
  });
  let sent = 0;
  let failedTasks = 0;
  const sendTasks = async (count: number): Promise<void> => {
    const until = sent + count;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (sent < until) {
          sent += 1;
          const prompt = `${PROMPTS[sent % PROMPTS.length]} (${sent})`;
          try {
            const stream = await nodes.dispatch({
              taskId: randomUUID(),
              model: MODEL,
              messages: [{ role: 'user', content: prompt }],
              maxTokens: 64 + (sent % 129),
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
  };
  const firstStrikeAt = async (): Promise<Date | undefined> => {
    const [row] = await db
      .select({ at: nodeAudits.createdAt })
      .from(nodeAudits)
      .where(and(eq(nodeAudits.nodeId, cheater.nodeId), eq(nodeAudits.passed, false)))
      .orderBy(asc(nodeAudits.createdAt))
      .limit(1);
    return row?.at;
  };

  const started = Date.now();
  await sendTasks(params.tasks);
  // The overhead is measured over the trial's tasks alone.
  const stats = auditor.stats();
  const userTasksFailed = failedTasks;
  // A cheater not caught yet that served fewer tasks than the goal would leave the trial unable to
  // say whether it is caught within the goal: more traffic until it is caught or reaches it.
  let struckAt = await firstStrikeAt();
  for (let extra = 0; !struckAt && cheater.served.length < params.goalTasks && extra < 20; extra++) {
    await sendTasks(100);
    struckAt = await firstStrikeAt();
  }
  const seconds = (Date.now() - started) / 1000;

  const audits = await db.select({ nodeId: nodeAudits.nodeId, passed: nodeAudits.passed }).from(nodeAudits);
  const trial: ProofOfServingTrial = {
    seed: params.seed,
    caughtAt: struckAt ? cheater.served.filter((t) => t <= struckAt.getTime()).length : undefined,
    cheaterServed: cheater.served.length,
    auditOverheadPct: (100 * stats.checkTokens) / stats.userTokens,
    cheaterSuspended: gateway.registry.get(cheater.nodeId) === undefined,
    honestStrikes: audits.filter((r) => !r.passed && r.nodeId !== cheater.nodeId).length,
    failedTasks: userTasksFailed,
    stats,
    seconds,
  };

  for (const node of [...honest, cheater]) node.client.close();
  await nodes.close();
  server.close();
  await database.close();
  return trial;
}

/**
 * The trial's network: a fresh PGlite, the node gateway on a local port, nine honest scripted
 * nodes with 100 passed checks each (established), the new cheater (its answers drawn from `seed`),
 * and a treasury to pay the checks from.
 */
async function startBenchNetwork(seed: number) {
  // PGlite, as the RESULT lines say, even where DATABASE_URL is set (createTestDb would take Postgres).
  const database = await createTestDb({ driver: 'pglite' });
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
    random: seededRandom(seed),
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

  return { database, server, gateway, honest, cheater, logger };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
