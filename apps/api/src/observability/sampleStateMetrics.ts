import type { Deployments } from '@far/contracts';
import {
  chainCursors,
  type Db,
  inferenceTasks,
  ledgerReservations,
  revenueStreams,
  settlementBatches,
} from '@far/db';
import { count, eq, inArray, sql } from 'drizzle-orm';
import { formatEther, type PublicClient } from 'viem';
import { chainIndexerCursorName } from '../indexer/chainIndexerCursorName.js';
import { rowsOf } from '../ledger/rowsOf.js';
import { readModelCatalogue } from '../models/readModelCatalogue.js';
import type { Metrics } from './createMetrics.js';

/** What the counters had counted at the last sample, so each sample adds only what is new. */
export type StateMetricsTally = {
  batches: Map<string, number>;
  revenueWei: Map<string, bigint>;
};

/** The settlement batch statuses the `outcome` label counts, by the name the alert rules use. */
const OUTCOME_OF_STATUS: Record<string, string> = { confirmed: 'settled', failed: 'failed' };

/**
 * Reads the platform's stored state into the state gauges and counters: tasks waiting for a node
 * (by model), open reservations, the oldest unsettled charge's age, the indexer's distance from the
 * confirmed head, settled and failed batches, and revenue by service. A handful of aggregate
 * queries on indexed columns, run by the worker's leader on a timer (never per request). The
 * counters follow the tables, which only grow: a sample adds what appeared since the last one.
 *
 * @param input - the database, the chain and deployments (the indexer lag needs both), the
 *   indexer's confirmations, the metrics, and the tally carried between samples.
 */
export async function sampleStateMetrics(input: {
  db: Db;
  chain: Pick<PublicClient, 'getBlockNumber'>;
  deployments: Deployments | undefined;
  confirmations: number;
  metrics: Metrics;
  tally: StateMetricsTally;
}): Promise<void> {
  const { db, metrics, tally } = input;
  const queued = await db
    .select({ model: inferenceTasks.modelName, n: count() })
    .from(inferenceTasks)
    .where(eq(inferenceTasks.status, 'pending'))
    .groupBy(inferenceTasks.modelName);
  const catalogued = (await readModelCatalogue(db)).list().filter((model) => model.status === 'active');
  const depth = new Map<string, number>(catalogued.map((model) => [model.id, 0]));
  for (const row of queued) depth.set(row.model, row.n);
  metrics.inferenceQueueDepth.reset(); // a model with nothing queued any more is 0 or gone, never stale
  for (const [model, n] of depth) metrics.inferenceQueueDepth.set({ model }, n);

  const [open] = await db
    .select({ n: count() })
    .from(ledgerReservations)
    .where(eq(ledgerReservations.status, 'open'));
  metrics.reservationsOpen.set(open?.n ?? 0);

  metrics.settlementLag.set(await oldestUnsettledChargeAgeSeconds(db));

  const batches = await db
    .select({ status: settlementBatches.status, n: count() })
    .from(settlementBatches)
    .where(inArray(settlementBatches.status, ['confirmed', 'failed']))
    .groupBy(settlementBatches.status);
  for (const row of batches) {
    const outcome = OUTCOME_OF_STATUS[row.status] ?? row.status;
    const added = row.n - (tally.batches.get(outcome) ?? 0);
    if (added > 0) metrics.settlementBatches.inc({ outcome }, added);
    tally.batches.set(outcome, row.n);
  }

  const revenue = await db
    .select({
      service: revenueStreams.service,
      wei: sql<string>`coalesce(sum(${revenueStreams.amountFarWei}), 0)::text`,
    })
    .from(revenueStreams)
    .groupBy(revenueStreams.service);
  for (const row of revenue) {
    const total = BigInt(row.wei);
    const added = total - (tally.revenueWei.get(row.service) ?? 0n);
    if (added > 0n) metrics.serviceRevenue.inc({ service: row.service }, Number(formatEther(added)));
    tally.revenueWei.set(row.service, total);
  }

  if (input.deployments) {
    const [cursor] = await db
      .select({ block: chainCursors.blockNumber })
      .from(chainCursors)
      .where(eq(chainCursors.name, chainIndexerCursorName(input.deployments)));
    const confirmedHead = (await input.chain.getBlockNumber()) - BigInt(input.confirmations);
    const applied = cursor?.block ?? 0n;
    metrics.indexerLag.set(Number(confirmedHead > applied ? confirmedHead - applied : 0n));
  }
}

/** Seconds since the oldest charge that no confirmed batch settled (and no write-off cancelled); 0 if none. */
export async function oldestUnsettledChargeAgeSeconds(db: Db): Promise<number> {
  const [row] = await rowsOf<{ age: string | null }>(
    db,
    sql`
    select extract(epoch from (now() - min(t.created_at)))::text as age
    from ledger_transactions t
    left join settlement_batches b on b.id = t.settlement_batch_id
    where t.kind in ('capture', 'settle_reservation')
      and (t.settlement_batch_id is null or b.status <> 'confirmed')
      and not exists (select 1 from charge_write_offs w where w.charge_transaction_id = t.id)`,
  );
  return row?.age ? Math.max(0, Number(row.age)) : 0;
}
