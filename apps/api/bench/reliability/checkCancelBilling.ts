import { inferenceTasks } from '@far/db';
import { eq, inArray } from 'drizzle-orm';
import { getBalances } from '../../src/ledger/getBalances.js';
import { tokensCostWei } from '../../src/services/inference/priceTokens.js';
import type { CancelCase } from './runCancels.js';
import type { CountingUpstream } from './startCountingUpstream.js';
import type { TestNetwork } from './startFarNodePool.js';

/** The cancel part's outcome, as reported. */
export type CancelSummary = {
  counts: Record<CancelCase['mode'], number>;
  /** Refused before a task existed (e.g. rate limited): nothing delivered, nothing billed. */
  refused: number;
  mismatches: number;
  /** Random cancels billed more than the client read (tokens written before the abort was seen). */
  overshoot: number;
  examples: string[];
  /** The user's reserved balance once every task settled: must be 0. */
  reservedLeft: string;
};

/** A settled task as the billing check reads it. */
type SettledTask = {
  status: string;
  promptTokens: number | null;
  completionTokens: number | null;
  costFarWei: bigint | null;
};

/**
 * Waits for the cancel part's tasks to settle, then checks each case's billing against what was
 * delivered: tokens billed, task status and cost at `price`.
 *
 * @param options.cases - the cancel part's cases.
 * @param options.userId - the user whose reserved balance must end at 0.
 * @param options.price - the FAR/USD price read at the start; `perMillion` the model's USD price.
 * @returns the summary.
 * @example
 * const summary = await checkCancelBilling({ net, upstream, cases, userId, price, perMillion });
 */
export async function checkCancelBilling(options: {
  net: TestNetwork;
  upstream: CountingUpstream;
  cases: CancelCase[];
  userId: string;
  price: bigint;
  perMillion: string;
}): Promise<CancelSummary> {
  const { net, upstream } = options;
  const byRequest = await readSettledTasks(net);
  const nodeEmitted = new Map<number, number>();
  for (const s of upstream.streams)
    if (s.requestId !== undefined)
      nodeEmitted.set(s.requestId, (nodeEmitted.get(s.requestId) ?? 0) + s.emitted);
  const summary: CancelSummary = {
    counts: { complete: 0, held: 0, random: 0 },
    refused: 0,
    mismatches: 0,
    overshoot: 0,
    examples: [],
    reservedLeft: '',
  };
  for (const c of options.cases) {
    summary.counts[c.mode]++;
    const row = byRequest.get(c.id);
    if (!row && c.received === 0 && c.error) {
      summary.refused++;
      continue;
    }
    const billed = row?.completionTokens ?? -1;
    const costOk =
      row !== undefined &&
      row.costFarWei ===
        (billed === 0
          ? 0n
          : tokensCostWei((row.promptTokens ?? 0) + billed, options.perMillion, options.price));
    const ok = billingMatches(c, row, billed, nodeEmitted.get(c.id) ?? 0);
    if (c.mode === 'random' && !c.error && row && billed > c.received) summary.overshoot++;
    if (!ok || !costOk) {
      summary.mismatches++;
      if (summary.examples.length < 5)
        summary.examples.push(
          `r${c.id} ${c.mode}: received ${c.received}, billed ${billed}, status ${row?.status}, cost ok ${costOk}${c.error ? `, error ${c.error}` : ''}`,
        );
    }
  }
  // Straight from the ledger: the API's rate limiter would refuse a 2,001st request in a row.
  summary.reservedLeft = String((await getBalances(net.api.db, options.userId)).reserved);
  return summary;
}

/** Whether a case was billed for exactly what it delivered, as its mode defines it. */
function billingMatches(
  c: CancelCase,
  row: SettledTask | undefined,
  billed: number,
  emitted: number,
): boolean {
  if (c.error || !row) return false;
  if (c.mode === 'complete')
    return row.status === 'completed' && billed === c.received && c.received === c.maxTokens;
  if (c.mode === 'held')
    return row.status === 'cancelled' && billed === c.received && c.received === c.cancelAt;
  // Tokens written before the abort was seen count as delivered: billed lies between what the
  // client read and what the node produced.
  return billed >= c.received && billed <= emitted;
}

/**
 * Gives the last cancelled tasks time to be settled, then reads the bench model's tasks by request
 * id. The stream id is lost with an aborted body: tasks are matched to requests by their prompt.
 */
async function readSettledTasks(net: TestNetwork): Promise<Map<number, SettledTask>> {
  for (let i = 0; i < 100; i++) {
    const open = await net.api.db
      .select({ id: inferenceTasks.id })
      .from(inferenceTasks)
      .where(inArray(inferenceTasks.status, ['running', 'pending']));
    if (open.length === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const settled = await net.api.db
    .select({
      prompt: inferenceTasks.prompt,
      status: inferenceTasks.status,
      promptTokens: inferenceTasks.promptTokens,
      completionTokens: inferenceTasks.completionTokens,
      costFarWei: inferenceTasks.costFarWei,
    })
    .from(inferenceTasks)
    .where(eq(inferenceTasks.modelName, 'far-demo'));
  return new Map(settled.map((r) => [Number(/Request r(\d+)/.exec(r.prompt ?? '')?.[1]), r]));
}
