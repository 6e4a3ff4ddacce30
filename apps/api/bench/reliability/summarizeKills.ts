import { countingTokens } from './countingTokens.js';
import { describeMismatch } from './describeMismatch.js';
import { KILL_TOKENS, type KillRun } from './runKills.js';
import type { CountingUpstream } from './startCountingUpstream.js';

/** The kill part's outcome, as reported. */
export type KillSummary = {
  /** Kills that cut at least one stream. */
  countedKills: number;
  /** Streams interrupted by at least one counted kill, and of those, the token-exact ones. */
  interrupted: number;
  exact: number;
  /** Per interruption: last token before the kill to first token after it (ms). */
  gaps: number[];
  /** The part of each gap after the kill: the failover itself, without a stall before it. */
  afterKill: number[];
  failures: string[];
  /** Interrupted streams by how many kills each survived. */
  byKillCount: Map<number, number>;
  /** Uninterrupted streams that were not exact. */
  otherErrors: number;
};

/**
 * Finds which streams each kill interrupted and checks every stream against the deterministic
 * answer, measuring the resume gaps.
 *
 * @param run - the kill part's record.
 * @param upstream - the counting upstream, whose record says which requests a kill cut.
 * @returns the summary.
 * @example
 * const summary = summarizeKills(await runKills(bench, options), upstream);
 */
export function summarizeKills(run: KillRun, upstream: CountingUpstream): KillSummary {
  const summary: KillSummary = {
    countedKills: attributeKills(run, upstream),
    interrupted: 0,
    exact: 0,
    gaps: [],
    afterKill: [],
    failures: [],
    byKillCount: new Map(),
    otherErrors: 0,
  };
  const expected = countingTokens('Count up from 0:', KILL_TOKENS).join('');
  for (const [id, s] of run.streams) {
    const ok = !s.error && s.text === expected && s.usage === KILL_TOKENS && s.times.length === KILL_TOKENS;
    if (s.killedAt.length === 0) {
      if (!ok) {
        summary.otherErrors++;
        if (summary.failures.length < 8)
          summary.failures.push(`r${id} (not killed): ${s.error ?? describeMismatch(s, expected)}`);
      }
      continue;
    }
    summary.interrupted++;
    summary.byKillCount.set(s.killedAt.length, (summary.byKillCount.get(s.killedAt.length) ?? 0) + 1);
    if (ok) summary.exact++;
    else if (summary.failures.length < 8)
      summary.failures.push(
        `r${id} (killed ${s.killedAt.length}×): ${s.error ?? describeMismatch(s, expected)}`,
      );
    for (const killedAt of s.killedAt) {
      const before = s.times.filter((t) => t <= killedAt).at(-1);
      const after = s.times.find((t) => t > killedAt);
      if (before !== undefined && after !== undefined) {
        summary.gaps.push(after - before);
        summary.afterKill.push(after - killedAt);
      }
    }
  }
  return summary;
}

/**
 * Which streams each kill interrupted, from the upstream's record: the node's requests that were
 * cut (not finished) at or after the kill, noted on each stream. A kill that cut none is not
 * counted.
 */
function attributeKills(run: KillRun, upstream: CountingUpstream): number {
  let countedKills = 0;
  for (const kill of run.kills) {
    const cut = upstream.streams.filter(
      (s) => s.label === kill.label && s.aborted && (s.abortedAt ?? 0) >= kill.at,
    );
    if (cut.length > 0) countedKills++;
    for (const s of cut) run.streams.get(s.requestId ?? -1)?.killedAt.push(kill.at);
  }
  return countedKills;
}
