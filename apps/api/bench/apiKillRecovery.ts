/**
 * The API killed mid-load (issue 12): streamed requests run at a steady rate through the real API
 * process and a real far-node (in front of the deterministic counting model); part-way through,
 * the API process is SIGKILLed and started again on the same database while the load goes on.
 * Once recovery has closed what the dead process left open, the API is stopped and its ledger
 * read, on PGlite and on Postgres + Redis (skipped when unreachable):
 * - every request not in flight at the kill that was read to its end is billed exactly the tokens
 *   it received (and its text is exact); a request in flight at the kill is billed no more than it
 *   received; a request that received nothing is billed nothing;
 * - no task is left pending or running, no reservation open, no wei reserved; the ledger audits.
 *
 * RESULT lines, per database: `api_kill_streams_cut` (requests in flight at the kill),
 * `api_kill_billing_mismatches`, `api_kill_reserved_left_wei`, `api_kill_drained_s` (from the end
 * of the load until nothing is reserved: recovery closes the dead process's tasks once stale), `api_kill_served_after_restart`, `api_kill_node_rejoined` (1 when the far-node reconnected
 * to the restarted API by itself within 60 s; otherwise a new one was started). It exits 1 on any
 * mismatch, wei left reserved, a kill that cut no stream, or no request served after the restart.
 *
 * Environment: BENCH_KILL_SECONDS (default 20: seconds of load, half before the kill and half
 * once the restarted API serves again),
 * BENCH_DATABASES, DATABASE_URL, REDIS_URL as for coordinatorOverhead.ts.
 *
 *   npx tsx apps/api/bench/apiKillRecovery.ts
 */
import { judgeKillBilling } from './apiKill/judgeKillBilling.js';
import { runKillLoad } from './apiKill/runKillLoad.js';
import { type BenchDatabase, benchDatabases } from './overhead/benchDatabases.js';
import { checkLedger } from './overhead/checkLedger.js';
import { pollUntil } from './overhead/pollUntil.js';
import { type BenchChain, prepareBenchChain } from './overhead/prepareBenchChain.js';
import { printResult } from './overhead/printResult.js';
import { startFarStack } from './overhead/startFarStack.js';
import { type CountingUpstream, startCountingUpstream } from './reliability/startCountingUpstream.js';
import { streamCompletionWith } from './reliability/streamCompletion.js';

const SECONDS = Number(process.env.BENCH_KILL_SECONDS ?? 20);
/** Low enough that the API keeps up on a loaded 2-core machine: a backlog would only delay the check. */
const RATE = 4;
/** 2 s per stream at the counting model's 10 ms a token: about 8 in flight at the kill. */
const MAX_TOKENS = 200;

/** Whether no user of the stack holds a reserved balance (read through the API). */
async function nothingReserved(apiUrl: string, keys: string[]): Promise<boolean> {
  for (const key of keys) {
    const response = await fetch(`${apiUrl}/api/me`, { headers: { authorization: `Bearer ${key}` } });
    const me = (await response.json()) as { balances: { reserved: string } };
    if (BigInt(me.balances.reserved) !== 0n) return false;
  }
  return true;
}

/** The kill run on one database; returns how many problems it found. */
async function killOn(database: BenchDatabase, chain: BenchChain, upstream: CountingUpstream) {
  const db = database.kind;
  console.log(`\n── ${db === 'pglite' ? 'PGlite' : 'Postgres + Redis'}`);
  const far = await startFarStack({ chain, database, engineUrl: upstream.url(`kill-${db}`), keysPerUser: 2 });
  try {
    const request = streamCompletionWith(far.api.url, far.keys);
    const run = await runKillLoad({
      request,
      rate: RATE,
      killAfterSeconds: SECONDS / 2,
      afterRestartSeconds: SECONDS / 2,
      maxTokens: MAX_TOKENS,
      kill: async () => {
        console.log('SIGKILL to the API; starting it again');
        const rejoined = await far.restartApi();
        console.log(
          rejoined
            ? 'the restarted API serves again; the far-node reconnected by itself'
            : 'the far-node did not reconnect within 60 s: a new far-node process serves',
        );
        return rejoined;
      },
    });
    const loadEnded = performance.now();
    await pollUntil(
      'recovery releases every reservation',
      () => nothingReserved(far.api.url, far.keys.slice(0, far.userIds.length)),
      {
        timeoutMs: 180_000,
        context: () => far.api.output().slice(-3000),
      },
    );
    const drainedSeconds = (performance.now() - loadEnded) / 1000;
    const ledger = await checkLedger(far, chain);
    const judged = judgeKillBilling(run.cases, run.killedAt, ledger);
    const servedAfter = run.cases.filter((c) => c.startedAt > run.backAt && c.finished).length;
    const mismatches =
      judged.mismatches +
      ledger.mispriced +
      ledger.unfinished +
      ledger.openReservations +
      (ledger.auditOk ? 0 : 1);
    console.log(
      `${run.cases.length} requests at ${RATE}/s; API killed at ${(run.killedAt / 1000).toFixed(1)} s, serving again at ${(run.backAt / 1000).toFixed(1)} s`,
    );
    console.log(
      `${judged.whole} whole, ${judged.cut} in flight at the kill (${judged.unbilledTokens} delivered tokens left unbilled), ${judged.refused} refused while down, ${servedAfter} served after the restart`,
    );
    console.log(
      `ledger: ${ledger.tasks.length} tasks, ${ledger.mispriced} mispriced, ${ledger.unfinished} unfinished, ${ledger.openReservations} reservations open, ${ledger.reservedLeftWei} wei reserved, audit ${ledger.auditOk ? 'ok' : 'FAILED'}`,
    );
    for (const example of judged.examples) console.log(`  mismatch: ${example}`);
    const errors = new Map<string, number>();
    for (const c of run.cases)
      if (c.error) errors.set(c.error.slice(0, 120), (errors.get(c.error.slice(0, 120)) ?? 0) + 1);
    for (const [error, count] of errors) console.log(`  ${count} × ${error}`);
    printResult('api_kill_streams_cut', db, judged.cut, 0);
    printResult('api_kill_billing_mismatches', db, mismatches, 0, { atMost: 0 });
    printResult('api_kill_reserved_left_wei', db, Number(ledger.reservedLeftWei), 0, { atMost: 0 });
    printResult('api_kill_drained_s', db, drainedSeconds, 1);
    printResult('api_kill_served_after_restart', db, servedAfter, 0);
    printResult('api_kill_node_rejoined', db, run.nodeRejoined ? 1 : 0, 0, { atLeast: 1 });
    return (
      mismatches +
      (ledger.reservedLeftWei === 0n ? 0 : 1) +
      (judged.cut > 0 ? 0 : 1) +
      (servedAfter > 0 ? 0 : 1)
    );
  } finally {
    await far.close();
  }
}

async function main(): Promise<number> {
  const databases = await benchDatabases(console.log);
  const upstream = await startCountingUpstream({ tokenDelayMs: 10 });
  const chain = await prepareBenchChain();
  let problems = 0;
  try {
    for (const database of databases) problems += await killOn(database, chain, upstream);
  } finally {
    await chain.close();
    await upstream.close();
  }
  return problems;
}

const problems = await main();
if (problems > 0) console.log(`${problems} problem(s): see above`);
process.exit(problems > 0 ? 1 : 0);
