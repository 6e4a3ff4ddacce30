import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDeployments } from '@far/contracts';
import {
  createDb,
  type Db,
  type DbHandle,
  gpuNodes,
  inferenceTasks,
  ledgerAccounts,
  ledgerEntries,
  ledgerReservations,
  ledgerTransactions,
} from '@far/db';
import { createTestDb, type TestDbHandle } from '@far/db/testing';
import { and, eq, inArray, like } from 'drizzle-orm';
import { parseEther, toHex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingTokens } from '../../../bench/reliability/countingTokens.js';
import {
  type CountingUpstream,
  startCountingUpstream,
} from '../../../bench/reliability/startCountingUpstream.js';
import { type ChainTestbed, createChainTestbed } from '../../../test/support/createChainTestbed.js';
import { FAR_DEMO_USD_PER_1M } from '../../../test/support/farDemoModel.js';
import { readSseData } from '../../../test/support/readSseData.js';
import { type ChainRpcServer, serveChainRpc } from '../../../test/support/serveChainRpc.js';
import { type ApiProcess, spawnApiProcess } from '../../../test/support/spawnApiProcess.js';
import { type FarNodeProcess, spawnFarNode } from '../../../test/support/spawnFarNode.js';
import { freePort } from '../../../test/support/startTestNetwork.js';
import { waitUntil } from '../../../test/support/waitUntil.js';
import { signInWithKey } from '../../cli/signInWithKey.js';
import { auditLedger } from '../../ledger/auditLedger.js';
import { getBalances } from '../../ledger/getBalances.js';
import { getFarUsdPrice } from '../../price/getFarUsdPrice.js';
import { tokensCostWei } from './priceTokens.js';

/**
 * Restart recovery (issue 5, item 3) with every part real and in its own process: the API is
 * `apps/api/src/main.ts` in a child process on a database that outlives it (a fresh Postgres
 * database when DATABASE_URL is set, else PGlite files in a temporary DATA_DIR), reading a Hardhat
 * chain over HTTP; a real far-node (openai engine) serves a slow deterministic counting model.
 * The API is killed with -9 while several streams are in flight, then started again on the same
 * database; its recovery must close what the dead process left open.
 */
const TOKEN_DELAY_MS = 50;
/** Long enough that no stream can finish before the kill. */
const LONG_STREAM_TOKENS = 400;
/** Three heartbeats' worth of tokens (1 s each) per stream before the kill, so progress is on record. */
const TOKENS_BEFORE_KILL = 60;
const STREAMS = 3;
const DEPOSIT = parseEther('1000');
const NODE_ID = 'restart-node';

let upstream: CountingUpstream;
let bed: ChainTestbed;
let rpc: ChainRpcServer;
let dir: string;
let postgres: TestDbHandle | undefined;
let apiEnv: Record<string, string | undefined> & { PORT: string };
let api: ApiProcess;
let node: FarNodeProcess;
let apiKey: string;
let userId: string;

beforeAll(async () => {
  upstream = await startCountingUpstream({ tokenDelayMs: TOKEN_DELAY_MS });
  bed = await createChainTestbed();
  rpc = await serveChainRpc(bed.chain.provider);
  dir = mkdtempSync(join(tmpdir(), 'far-restart-'));
  const deploymentsFile = join(dir, 'deployments.json');
  await writeDeployments(deploymentsFile, bed.deployments);
  // A database of this run's own that outlives each API process: Postgres when configured
  // (dropped in afterAll), otherwise PGlite files under DATA_DIR that the next process reopens.
  postgres = process.env.DATABASE_URL ? await createTestDb() : undefined;
  apiEnv = {
    PORT: String(await freePort()),
    DATA_DIR: dir,
    DATABASE_URL: postgres?.url,
    REDIS_URL: process.env.REDIS_URL,
    // Nodes shared through Redis stay within this run.
    CLUSTER_NAME: `restart-${randomUUID()}`,
    CHAIN_RPC_URL: rpc.url,
    CHAIN_ID: String(bed.deployments.chainId),
    DEPLOYMENTS_FILE: deploymentsFile,
    JWT_SECRET: 'restart-secret-restart-secret-restart',
  };
  api = await spawnApiProcess({ env: apiEnv });

  const [user, owner] = bed.users as [`0x${string}`, `0x${string}`];
  node = spawnFarNode({
    coordinatorUrl: api.url,
    walletKey: privateKeyOf(owner),
    engineArgs: ['--engine', 'openai', '--upstream', upstream.url(NODE_ID), '--model', 'far-demo'],
    extraArgs: ['--node-id', NODE_ID, '--max-concurrency', String(STREAMS + 1)],
    stateDir: join(dir, 'node'),
  });
  const session = await signInWithKey(api.url, privateKeyOf(user), bed.deployments.chainId);
  userId = session.user.id;
  const created = await fetch(`${api.url}/api/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'restart' }),
  });
  apiKey = ((await created.json()) as { key: string }).key;
  await fund(user);
  await waitForNode();
}, 240_000);

afterAll(async () => {
  await node?.kill();
  await api?.kill();
  await rpc?.close();
  await upstream?.close();
  await postgres?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function privateKeyOf(address: `0x${string}`) {
  return toHex(bed.signerOf(address).getHdKey().privateKey as Uint8Array);
}

const waitFor = (what: string, done: () => Promise<boolean> | boolean, timeoutMs = 60_000) =>
  waitUntil(what, done, {
    timeoutMs,
    context: () => `API output:\n${api.output().slice(-4000)}\nnode output:\n${node.output().slice(-2000)}`,
  });

/**
 * Awaits a stream's end, at most `timeoutMs`: a stream that never ends fails with what it was and
 * the processes' output, rather than as a silent test timeout.
 */
async function endOf<T>(what: string, ended: Promise<T>, timeoutMs = 60_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const context = `API output:\n${api.output().slice(-4000)}\nnode output:\n${node.output().slice(-2000)}`;
      reject(new Error(`${what} did not end within ${timeoutMs} ms\n${context}`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([ended, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const bearer = () => `Bearer ${apiKey}`;
const getJson = async <T>(path: string) =>
  (await (await fetch(`${api.url}${path}`, { headers: { authorization: bearer() } })).json()) as T;

/** Deposits and puts the spending authorization on chain from the user's wallet; waits for the indexer. */
async function fund(user: `0x${string}`) {
  await bed.deposit(user, DEPOSIT);
  await bed.authorize(user, DEPOSIT * 10n, BigInt(Math.floor(Date.now() / 1000) + 365 * 86_400), 1n);
  await waitFor('the deposit is indexed', async () => {
    const me = await getJson<{ balances: { available: string } }>('/api/me');
    return BigInt(me.balances.available) >= DEPOSIT;
  });
}

async function waitForNode() {
  await waitFor('the far-node serves far-demo', async () => {
    const models = await getJson<{ data: { id: string; available_nodes: number }[] }>('/v1/models').catch(
      () => undefined,
    );
    return (models?.data.find((m) => m.id === 'far-demo')?.available_nodes ?? 0) > 0;
  });
}

type StreamEnd = { text: string; finished: boolean; failure: string | undefined };

/** A streamed chat completion read by hand, so that the tokens received so far can be watched. */
async function openStream(content: string, maxTokens: number) {
  const response = await fetch(`${api.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: bearer(), 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'far-demo',
      messages: [{ role: 'user', content }],
      max_tokens: maxTokens,
      temperature: 0,
      stream: true,
    }),
  });
  if (!response.ok || !response.body)
    throw new Error(`stream refused: ${response.status} ${await response.text()}`);
  const taskId = response.headers.get('x-far-task-id') ?? '';
  const nodeId = response.headers.get('x-far-node-id') ?? '';
  const state = { received: 0, text: '' };
  const { body } = response;
  const ended = (async (): Promise<StreamEnd> => {
    let finished = false;
    let failure: string | undefined;
    try {
      for await (const data of readSseData(body)) {
        if (data === '[DONE]') finished = true;
        if (!data || data === '[DONE]') continue;
        const event = JSON.parse(data) as {
          choices?: { delta?: { content?: string }; finish_reason?: string | null }[];
          error?: { message: string };
        };
        if (event.error) failure = event.error.message;
        const token = event.choices?.[0]?.delta?.content;
        if (token) {
          state.received += 1;
          state.text += token;
        }
      }
    } catch (error) {
      // The API died under the stream: the connection just ends.
      failure = error instanceof Error ? error.message : String(error);
    }
    return { text: state.text, finished: finished && !failure, failure };
  })();
  return { taskId, nodeId, state, ended };
}

describe('API restart', () => {
  it('after kill -9 with streams in flight, the restarted API closes every reservation for what was delivered, charges nothing twice, fails the tasks with a reason, and its node rejoins and serves', async () => {
    // Finished before the kill: recovery must leave it exactly as it is.
    const early = await openStream('Count up from 0:', 8);
    expect(await endOf('the stream finished before the kill', early.ended)).toMatchObject({
      finished: true,
      text: countingTokens('Count up from 0:', 8).join(''),
    });

    const streams = await Promise.all(
      Array.from({ length: STREAMS }, (_, i) =>
        openStream(`Request r${i}. Count up from 0:`, LONG_STREAM_TOKENS),
      ),
    );
    await waitFor('every stream is well under way', () =>
      streams.every((s) => s.state.received >= TOKENS_BEFORE_KILL),
    );
    const killed = await api.kill();
    expect(killed.signal).toBe('SIGKILL');
    const ends = await endOf('the streams cut by the kill', Promise.all(streams.map((s) => s.ended)));
    for (const end of ends) expect(end.finished).toBe(false);

    api = await spawnApiProcess({ env: apiEnv });
    // The dead process's tasks hold no live heartbeat: the new one closes them once they are stale.
    await waitFor(
      'recovery closes the interrupted tasks',
      async () => {
        const tasks = await getJson<{ data: { taskId: string; status: string }[] }>('/api/tasks');
        return (
          tasks.data.length === STREAMS + 1 &&
          tasks.data.every((t) => !['pending', 'running'].includes(t.status))
        );
      },
      120_000,
    );

    // The same far-node process reconnects by itself and serves a new request in full.
    await waitForNode();
    const after = await openStream('Count up from 0:', 12);
    expect(await endOf('the stream served after the restart', after.ended)).toMatchObject({
      finished: true,
      failure: undefined,
      text: countingTokens('Count up from 0:', 12).join(''),
    });
    expect(after.nodeId).toBe(NODE_ID);
    expect(node.child.exitCode).toBeNull();

    // The ledger as the restarted API leaves it (PGlite is read once the API has let go of its files).
    expect(await api.stop()).toEqual({ code: 0, signal: null });
    const database = await openDatabase();
    try {
      const db = database.db;
      const price = await getFarUsdPrice(bed.publicClient, bed.deployments);
      const tasks = await db.select().from(inferenceTasks).where(eq(inferenceTasks.userId, userId));
      expect(tasks).toHaveLength(STREAMS + 2);

      for (const stream of streams) {
        const task = tasks.find((t) => t.taskId === stream.taskId);
        expect(task?.status).toBe('failed');
        expect(task?.failureReason).toMatch(/coordinator stopped/);
        // Billed for the progress on record: never more than the client received, and some of it.
        expect(task?.completionTokens).toBeGreaterThan(0);
        expect(task?.completionTokens).toBeLessThanOrEqual(stream.state.received);
        const [reservation] = await db
          .select()
          .from(ledgerReservations)
          .where(eq(ledgerReservations.id, task?.reservationId ?? ''));
        const due = tokensCostWei(
          (task?.promptTokens ?? 0) + (task?.completionTokens ?? 0),
          FAR_DEMO_USD_PER_1M,
          price,
        );
        const held = reservation?.amountWei ?? 0n;
        expect(task?.costFarWei).toBe(due < held ? due : held);
      }
      for (const run of [early, after]) {
        const task = tasks.find((t) => t.taskId === run.taskId);
        expect(task?.status).toBe('completed');
        expect(task?.costFarWei).toBe(
          tokensCostWei(
            (task?.promptTokens ?? 0) + (task?.completionTokens ?? 0),
            FAR_DEMO_USD_PER_1M,
            price,
          ),
        );
      }

      // No reservation is left open; each task was settled exactly once, for its recorded charge.
      expect(await db.select().from(ledgerReservations).where(eq(ledgerReservations.status, 'open'))).toEqual(
        [],
      );
      for (const task of tasks) {
        expect(task.costFarWei).not.toBeNull();
        expect((task.nodeShareWei ?? 0n) + (task.stakersShareWei ?? 0n) + (task.treasuryShareWei ?? 0n)).toBe(
          task.costFarWei,
        );
        const [reservation] = await db
          .select()
          .from(ledgerReservations)
          .where(eq(ledgerReservations.id, task.reservationId ?? ''));
        expect(reservation).toMatchObject({ status: 'closed', remainingWei: 0n });
        const postings = await db
          .select()
          .from(ledgerTransactions)
          .where(like(ledgerTransactions.idempotencyKey, `task:${task.id}:settle%`));
        expect(postings.filter((p) => p.idempotencyKey === `task:${task.id}:settle`)).toHaveLength(1);
        expect(
          await chargedBy(
            db,
            postings.map((p) => p.id),
          ),
        ).toBe(task.costFarWei);
      }
      const settled = await db
        .select()
        .from(ledgerTransactions)
        .where(eq(ledgerTransactions.kind, 'settle_reservation'));
      expect(settled).toHaveLength(tasks.length);

      // The node's recorded earnings include its share of the recovered tasks.
      const [served] = await db.select().from(gpuNodes).where(eq(gpuNodes.nodeId, NODE_ID));
      expect(served?.totalEarnedWei).toBe(tasks.reduce((sum, t) => sum + (t.nodeShareWei ?? 0n), 0n));

      // The user paid exactly the sum of the recorded charges, and nothing is still held.
      const charged = tasks.reduce((sum, t) => sum + (t.costFarWei ?? 0n), 0n);
      expect(charged).toBeGreaterThan(0n);
      expect(await getBalances(db, userId)).toEqual({ available: DEPOSIT - charged, reserved: 0n });
      const audit = await auditLedger(db);
      expect(audit).toMatchObject({ ok: true });
    } finally {
      if (database !== postgres) await database.close();
    }
  }, 300_000);
});

/** The API's database, opened by this process: the run's Postgres database, or its PGlite files. */
async function openDatabase(): Promise<Pick<DbHandle, 'db' | 'close'>> {
  return postgres ?? (await createDb({ driver: 'pglite', dataDir: join(dir, 'pglite') }));
}

/** What the given ledger transactions paid to nodes, stakers and the treasury: the charge. */
async function chargedBy(db: Db, transactionIds: string[]): Promise<bigint | null> {
  if (transactionIds.length === 0) return null;
  const rows = await db
    .select({ amount: ledgerEntries.amountWei })
    .from(ledgerEntries)
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, ledgerEntries.accountId))
    .where(
      and(
        inArray(ledgerEntries.transactionId, transactionIds),
        inArray(ledgerAccounts.kind, ['node_earnings', 'stakers_pool', 'treasury']),
      ),
    );
  return rows.reduce((sum, r) => sum + r.amount, 0n);
}
