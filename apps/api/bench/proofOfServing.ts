/**
 * Proof of serving (issue 18): one new node that alters 5 % of its answers joins nine established
 * honest nodes; users send greedy chat tasks through the coordinator's node gateway with the
 * auditor on at its default rates (apps/api/src/audits/README.md). Counts how many tasks the
 * cheater served before its first strike, and what the checks cost in tokens against the users'.
 *
 * The catch is random (on probation about 1 in 80 of the cheater's tasks is caught), so one run
 * says little: the bench runs several independent trials (`runProofOfServingTrial`, each on a fresh
 * database with its own seed) and reports the median, the 90th percentile and the share of trials
 * that caught the cheater within the goal. A trial that never caught it counts as caught later than
 * every other.
 *
 *   RESULT cheater_caught_within_tasks=N        median; goal ≤ 200
 *   RESULT cheater_caught_within_tasks_p90=N
 *   RESULT cheater_caught_within_200_share=S    0..1
 *   RESULT audit_overhead_pct=P                 median; goal ≤ 3
 *
 * Real parts: the gateway, its WebSocket protocol, the scheduler, the auditor, PGlite. The nodes
 * are scripted (`startScriptedNode`): the bench measures the checks, not a model.
 * `POS_BENCH_TRIALS` (default 7), `POS_BENCH_TASKS` (user tasks per trial, default 1500) and
 * `POS_BENCH_SEED` (the first trial's seed, default 1) change the run.
 */
import { printResult } from './overhead/printResult.js';
import { type ProofOfServingTrial, runProofOfServingTrial } from './proofOfServing/runProofOfServingTrial.js';

const GOAL_TASKS = 200;
const TRIALS = Number(process.env.POS_BENCH_TRIALS ?? 7);
const TASKS = Number(process.env.POS_BENCH_TASKS ?? 1500);
const FIRST_SEED = Number(process.env.POS_BENCH_SEED ?? 1);

const started = Date.now();
const trials: ProofOfServingTrial[] = [];
for (let i = 0; i < TRIALS; i++) {
  const trial = await runProofOfServingTrial({ seed: FIRST_SEED + i, tasks: TASKS, goalTasks: GOAL_TASKS });
  trials.push(trial);
  const { stats } = trial;
  console.log(
    `trial ${i + 1}/${TRIALS} (seed ${trial.seed}): caught within ${trial.caughtAt ?? `— (not caught in ${trial.cheaterServed})`} tasks; ` +
      `overhead ${trial.auditOverheadPct.toFixed(2)} %; ${stats.userTasks} user tasks (${trial.failedTasks} failed) in ${trial.seconds.toFixed(1)} s; ` +
      `cheater served ${trial.cheaterServed}; ${stats.audits} audits, ${stats.canaries} canaries, ${stats.strikes} strikes, ` +
      `${stats.suspensions} suspensions`,
  );
}
console.log(`${TRIALS} trials in ${((Date.now() - started) / 1000).toFixed(0)} s`);

// Not caught: later than any catch.
const caught = trials.map((t) => t.caughtAt ?? Number.POSITIVE_INFINITY);
printResult('cheater_caught_within_tasks', 'pglite', finite(percentile(caught, 0.5)), 0, {
  atMost: GOAL_TASKS,
});
printResult('cheater_caught_within_tasks_p90', 'pglite', finite(percentile(caught, 0.9)), 0);
printResult(
  'cheater_caught_within_200_share',
  'pglite',
  caught.filter((n) => n <= GOAL_TASKS).length / TRIALS,
  2,
);
printResult(
  'audit_overhead_pct',
  'pglite',
  percentile(
    trials.map((t) => t.auditOverheadPct),
    0.5,
  ),
  2,
  { atMost: 3 },
);
printResult('cheater_suspended_share', 'pglite', trials.filter((t) => t.cheaterSuspended).length / TRIALS, 2);
printResult(
  'honest_strikes',
  'pglite',
  trials.reduce((sum, t) => sum + t.honestStrikes, 0),
  0,
  { atMost: 0 },
);

/** Nearest-rank percentile: the smallest value at least `share` of the values are at or below. */
function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)] ?? Number.NaN;
}

/** A percentile that fell on a trial that never caught the cheater has no number. */
function finite(value: number): number {
  return Number.isFinite(value) ? value : Number.NaN;
}
