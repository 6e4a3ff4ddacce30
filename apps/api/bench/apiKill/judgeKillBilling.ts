import type { BilledTask, LedgerCheck } from '../overhead/checkLedger.js';
import { countingTokens } from '../reliability/countingTokens.js';
import type { KillCase } from './runKillLoad.js';

/** How the kill run's requests were billed against what each client received. */
export type KillBilling = {
  /** Requests that ended before the kill or started after it and were read to their end. */
  whole: number;
  /** Requests in flight when the API was killed (each cut or, if it had ended, settled by recovery). */
  cut: number;
  /** Requests refused (nothing delivered, no task) while the API was down or its node not back. */
  refused: number;
  /** Tokens delivered to cut requests that recovery did not bill (its progress record lags delivery). */
  unbilledTokens: number;
  mismatches: number;
  examples: string[];
};

const PROMPT = (id: number) => `Request r${id}. Count up from 0:`;

/**
 * Matches each request to its task (by the `Request r<id>` in its prompt) and checks its billing:
 * a request not in flight at the kill that was read to its end must be billed exactly what it
 * received, its text exact; a request in flight at the kill may be billed no more than it
 * received; a request that received nothing may have no task, or one billed no tokens.
 *
 * @param cases - the kill run's requests; `killedAt` when the kill was made (ms, as the cases).
 * @param ledger - the ledger read after recovery.
 * @returns the counts and up to 5 examples of mismatches.
 */
export function judgeKillBilling(cases: KillCase[], killedAt: number, ledger: LedgerCheck): KillBilling {
  const byId = new Map<number, BilledTask>();
  for (const task of ledger.tasks) {
    const id = /Request r(\d+)\./.exec(task.prompt ?? '')?.[1];
    if (id !== undefined) byId.set(Number(id), task);
  }
  const judged: KillBilling = {
    whole: 0,
    cut: 0,
    refused: 0,
    unbilledTokens: 0,
    mismatches: 0,
    examples: [],
  };
  for (const c of cases) {
    const task = byId.get(c.id);
    const billed = task?.completionTokens ?? 0;
    const inFlight = c.startedAt <= killedAt && c.endedAt >= killedAt;
    let ok: boolean;
    if (!task) {
      judged.refused += c.received === 0 ? 1 : 0;
      ok = c.received === 0;
    } else if (inFlight) {
      judged.cut++;
      judged.unbilledTokens += Math.max(0, c.received - billed);
      ok =
        billed <= c.received && (task.costFarWei ?? 0n) <= ledger.costOf((task.promptTokens ?? 0) + billed);
    } else if (c.finished) {
      judged.whole++;
      ok =
        task.status === 'completed' &&
        billed === c.received &&
        c.text === countingTokens(PROMPT(c.id), c.maxTokens).join('');
    } else {
      judged.refused += c.received === 0 ? 1 : 0;
      ok = billed <= c.received;
    }
    if (!ok) {
      judged.mismatches++;
      if (judged.examples.length < 5)
        judged.examples.push(
          `r${c.id}: received ${c.received}, billed ${task ? billed : 'no task'}, status ${task?.status}, in flight at the kill ${inFlight}${c.error ? `, error ${c.error.slice(0, 100)}` : ''}`,
        );
    }
  }
  return judged;
}
