import type { CancelSummary } from './checkCancelBilling.js';

/**
 * Prints the cancel part's table: cases by mode, refusals, billing mismatches, random overshoot
 * and the reserved balance left.
 *
 * @param total - cases run.
 * @param startedAt - when the part started (`performance.now()`).
 * @param summary - the billing check's summary.
 * @example
 * printCancelReport(cases.length, startedAt, await checkCancelBilling(options));
 */
export function printCancelReport(total: number, startedAt: number, summary: CancelSummary): void {
  const { counts, refused, mismatches, overshoot } = summary;
  const cancelSeconds = (performance.now() - startedAt) / 1000;
  console.log(`\nCancels: ${total} streamed requests in ${cancelSeconds.toFixed(0)} s`);
  console.log(
    'completed  held-cancel  random-cancel  refused  mismatches  random overshoot  reserved left (wei)',
  );
  console.log(
    `${String(counts.complete).padStart(9)} ${String(counts.held).padStart(12)} ${String(counts.random).padStart(14)} ${String(refused).padStart(8)} ${String(mismatches).padStart(11)} ${String(overshoot).padStart(17)}  ${summary.reservedLeft}`,
  );
  for (const e of summary.examples) console.log(`  mismatch: ${e}`);
}
