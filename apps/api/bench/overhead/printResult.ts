/** The issue's goal for a RESULT figure: at most or at least a value. */
export type Goal = { atMost: number } | { atLeast: number };

/**
 * Prints `RESULT <name>{db=<db>}=<value>` and, as information only, the goal and whether this run
 * met it: a missed goal is a measurement, not a failure.
 *
 * @param name - the figure's name; `db` the database it was measured on (`pglite`, `postgres`).
 * @param value - the figure; `digits` its decimals; `goal` the issue's goal, if it has one.
 * @example
 * printResult('ttft_overhead_p50_ms', 'postgres', 1.4, 2, { atMost: 2 });
 * // RESULT ttft_overhead_p50_ms{db=postgres}=1.40   goal ≤ 2: met
 */
export function printResult(name: string, db: string, value: number, digits: number, goal?: Goal): void {
  const figure = Number.isFinite(value) ? value.toFixed(digits) : 'NaN';
  let note = '';
  if (goal) {
    const met = 'atMost' in goal ? value <= goal.atMost : value >= goal.atLeast;
    note = `   goal ${'atMost' in goal ? `≤ ${goal.atMost}` : `≥ ${goal.atLeast}`}: ${met ? 'met' : 'missed'}`;
  }
  console.log(`RESULT ${name}{db=${db}}=${figure}${note}`);
}
