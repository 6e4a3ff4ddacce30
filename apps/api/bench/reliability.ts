/**
 * Reliability under node failure and client cancellation (issue 5, item 6), through the real API
 * and real `far-node` processes (openai engine) in front of a local deterministic "counting model".
 *
 * Part 1 — kills: 8 streams run continuously over a pool of 16 far-nodes; a node serving at least
 * one stream mid-way is SIGKILLed (a real SIGKILL of its process, confirmed by its exit) and a
 * replacement started once its streams resumed, while the next kills go on, keeping at least three
 * nodes online. Which streams a kill interrupted is read afterwards from the upstream's record (the
 * node's requests cut after the kill); a kill that cut none is not counted. Each interrupted stream
 * must finish token-exact (its text equals the deterministic answer); the resume gap is the
 * client-side time between the last token before the kill and the first token after it. A stream
 * is killed at most 3 times (the gateway tries 5 nodes per task).
 *
 * Part 2 — cancels: streamed requests of which about half are cancelled by the client (HTTP abort),
 * half of those at a point where the node holds its next token (nothing in flight: delivered is
 * exactly what the client received) and half at a random moment while tokens flow. Billing is
 * checked per task against what was delivered.
 *
 * The database is PGlite in this process unless DATABASE_URL names a Postgres server.
 *
 *   npx tsx apps/api/bench/reliability.ts [kills=200] [cancelRequests=2000] [killSeconds=360]
 *
 * Its parts live in ./reliability/ (the counting upstream the failover tests share included);
 * this file keeps the RESULT lines, which is how scripts/bench.ts recognises a benchmark.
 */
import { parseEther, toHex } from 'viem';
import { getFarUsdPrice } from '../src/price/getFarUsdPrice.js';
import { FAR_DEMO_USD_PER_1M } from '../test/support/farDemoModel.js';
import { startTestNetwork } from '../test/support/startTestNetwork.js';
import { checkCancelBilling } from './reliability/checkCancelBilling.js';
import { percentile } from './reliability/percentile.js';
import { printCancelReport } from './reliability/printCancelReport.js';
import { printKillReport } from './reliability/printKillReport.js';
import { runCancels } from './reliability/runCancels.js';
import { runKills } from './reliability/runKills.js';
import { startCountingUpstream } from './reliability/startCountingUpstream.js';
import { startFarNodePool } from './reliability/startFarNodePool.js';
import { streamCompletionWith } from './reliability/streamCompletion.js';
import { summarizeKills } from './reliability/summarizeKills.js';
import { startFarNodeLauncher } from './startFarNodeLauncher.js';

// More nodes than the minimum kept online: several replacements start while kills go on.
const NODES = 16;

async function main(): Promise<void> {
  const KILLS = Number(process.argv[2] ?? 200);
  const CANCEL_REQUESTS = Number(process.argv[3] ?? 2000);
  const KILL_BUDGET_MS = Number(process.argv[4] ?? 360) * 1000;

  // Far-nodes are forked by a small launcher process, not by this one (see startFarNodeLauncher).
  // Its first far-node builds the far-node bundle that later starts reuse.
  const launcher = await startFarNodeLauncher();
  await launcher.start('build', ['--help']).exited;
  const upstream = await startCountingUpstream({ tokenDelayMs: 25 });
  const net = await startTestNetwork();
  try {
    const [user, owner] = net.bed.users as [`0x${string}`, `0x${string}`];
    const { apiKey, userId } = await net.apiKeyFor(user);
    await net.fund(user, apiKey, parseEther('1000000'));
    const price = await getFarUsdPrice(net.bed.publicClient, net.bed.deployments);
    const perMillion = FAR_DEMO_USD_PER_1M;
    const ownerKey = toHex(net.bed.signerOf(owner).getHdKey().privateKey as Uint8Array);
    const pool = await startFarNodePool({ launcher, net, upstream, ownerKey, size: NODES });
    // The API allows 600 requests a minute per key and 1,200 per address: two keys, and the cancel
    // part is paced below the address limit.
    const request = streamCompletionWith(net.api.url, [apiKey, (await net.apiKeyFor(user)).apiKey]);

    // ── Part 1: kills ────────────────────────────────────────────────────────────────────────
    const run = await runKills({ net, upstream, pool, request }, { kills: KILLS, budgetMs: KILL_BUDGET_MS });
    const kills = summarizeKills(run, upstream);
    printKillReport(run, kills, pool);

    // ── Part 2: cancels ──────────────────────────────────────────────────────────────────────
    const { cases, startedAt } = await runCancels(request, upstream, CANCEL_REQUESTS);
    const cancels = await checkCancelBilling({ net, upstream, cases, userId, price, perMillion });
    printCancelReport(cases.length, startedAt, cancels);

    console.log(
      `RESULT failover_kills=${kills.countedKills} failover_streams=${kills.interrupted} failover_token_exact_pct=${((kills.exact / Math.max(1, kills.interrupted)) * 100).toFixed(2)} failover_resume_gap_p99_ms=${percentile(kills.gaps, 99).toFixed(0)}`,
    );
    console.log(
      `RESULT cancel_requests=${cases.length - cancels.refused} cancel_billing_mismatches=${cancels.mismatches + (cancels.reservedLeft === '0' ? 0 : 1)}`,
    );
  } finally {
    await launcher.close();
    await net.close();
    await upstream.close();
  }
}

await main();
process.exit(0);
