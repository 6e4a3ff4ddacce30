import { percentile } from './percentile.js';
import type { KillRun } from './runKills.js';
import type { FarNodePool } from './startFarNodePool.js';
import type { KillSummary } from './summarizeKills.js';

/**
 * Prints the kill part's table: kills, token-exact share, resume gaps, far-node exits and starts,
 * and what the kill loop waited for.
 *
 * @param run - the kill part's record.
 * @param summary - its summary.
 * @param pool - the far-node pool (exits, starts, join times).
 * @example
 * printKillReport(run, summarizeKills(run, upstream), pool);
 */
export function printKillReport(run: KillRun, summary: KillSummary, pool: FarNodePool): void {
  const { countedKills, interrupted, exact, gaps, afterKill } = summary;
  const killSeconds = (performance.now() - run.startedAt) / 1000;
  console.log(
    `\nKills: ${countedKills} far-node processes SIGKILLed mid-stream in ${killSeconds.toFixed(0)} s` +
      ` (${(countedKills / killSeconds).toFixed(2)}/s; ${run.kills.length - countedKills} other kills cut no stream)`,
  );
  console.log('streams interrupted  token-exact  share     gap p50   gap p99   gap max  (ms)');
  console.log(
    `${String(interrupted).padStart(20)} ${String(exact).padStart(12)} ${((exact / Math.max(1, interrupted)) * 100).toFixed(2).padStart(6)}%` +
      ` ${percentile(gaps, 50).toFixed(0).padStart(9)} ${percentile(gaps, 99).toFixed(0).padStart(9)} ${Math.max(
        ...gaps,
      )
        .toFixed(0)
        .padStart(9)}`,
  );
  console.log(
    `of the gap, kill to next token: p50 ${percentile(afterKill, 50).toFixed(0)} ms, p99 ${percentile(afterKill, 99).toFixed(0)} ms`,
  );
  console.log(
    `interrupted streams by kills survived: ${[...summary.byKillCount.entries()]
      .sort(([a], [b]) => a - b)
      .map(([n, count]) => `${n}×: ${count}`)
      .join(
        ', ',
      )}; uninterrupted streams: ${run.streams.size - interrupted}, of which not exact: ${summary.otherErrors}`,
  );
  console.log(
    `far-node exits by SIGKILL: ${pool.counts.killedBySigkill} of ${run.kills.length} kills; other exits: ${pool.unexpectedExits.length}; ` +
      `${pool.counts.generation} far-node starts, launch to online p50 ${percentile(pool.joinTimes, 50).toFixed(0)} ms, p99 ${percentile(pool.joinTimes, 99).toFixed(0)} ms`,
  );
  console.log(
    `the kill loop waited for: ${[...run.waited.entries()].map(([what, ms]) => `${what} ${(ms / 1000).toFixed(0)} s`).join(', ')}`,
  );
  for (const e of pool.unexpectedExits.slice(0, 3)) console.log(`  exit: ${e}`);
  for (const f of summary.failures) console.log(`  not exact: ${f}`);
}
