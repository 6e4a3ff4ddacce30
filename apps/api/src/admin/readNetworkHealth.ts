import type { Deployments } from '@far/contracts';
import { chainCursors, type Db, inferenceTasks, settlementBatches } from '@far/db';
import { and, count, desc, eq, gte, inArray } from 'drizzle-orm';
import type { PublicClient } from 'viem';
import { chainIndexerCursorName } from '../indexer/chainIndexerCursorName.js';
import { auditLedger } from '../ledger/auditLedger.js';
import type { NodeRegistry } from '../nodes/nodeRegistry.js';
import { oldestUnsettledChargeAgeSeconds } from '../observability/sampleStateMetrics.js';

/** The window the error rate is measured over. */
const ERROR_RATE_WINDOW_MS = 60 * 60_000;

export type NetworkHealth = {
  nodesOnline: number;
  /** Online nodes per model they may be given tasks for. */
  nodesOnlineByModel: Record<string, number>;
  /** Tasks waiting for a node, per model. */
  queueDepth: Record<string, number>;
  /** Failed share of the tasks finished in the last hour (0–1), and how many finished. */
  errorRate: { rate: number; failed: number; finished: number };
  /** Seconds since the oldest charge no confirmed batch has settled. */
  settlementLagSeconds: number;
  /** Confirmed blocks the indexer has not applied yet; null without contracts. */
  indexerLagBlocks: number | null;
  ledgerAudit: {
    ok: boolean;
    unbalancedTransactions: number;
    driftedAccounts: number;
    negativeAccounts: number;
    reservationMismatches: number;
  };
  /** The latest settlement batches' statuses. */
  latestBatches: Array<{ batchNumber: string; status: string; createdAt: string }>;
};

/**
 * The console's network health, from the live registry and the stored state (the same sources as the
 * state metrics and the ledger audit).
 *
 * @example
 * await readNetworkHealth({ db, registry, chain, deployments, confirmations: 1 })
 */
export async function readNetworkHealth(input: {
  db: Db;
  registry: NodeRegistry;
  chain?: Pick<PublicClient, 'getBlockNumber'> | undefined;
  deployments?: Deployments | undefined;
  confirmations?: number | undefined;
}): Promise<NetworkHealth> {
  const { db, registry } = input;
  const nodesOnlineByModel: Record<string, number> = {};
  let nodesOnline = 0;
  for (const node of registry.all()) {
    if (node.status !== 'online') continue;
    nodesOnline++;
    for (const model of node.models) nodesOnlineByModel[model.id] = (nodesOnlineByModel[model.id] ?? 0) + 1;
  }

  const queued = await db
    .select({ model: inferenceTasks.modelName, n: count() })
    .from(inferenceTasks)
    .where(eq(inferenceTasks.status, 'pending'))
    .groupBy(inferenceTasks.modelName);
  const finished = await db
    .select({ status: inferenceTasks.status, n: count() })
    .from(inferenceTasks)
    .where(
      and(
        inArray(inferenceTasks.status, ['completed', 'failed']),
        gte(inferenceTasks.createdAt, new Date(Date.now() - ERROR_RATE_WINDOW_MS)),
      ),
    )
    .groupBy(inferenceTasks.status);
  const failed = finished.find((row) => row.status === 'failed')?.n ?? 0;
  const total = finished.reduce((sum, row) => sum + row.n, 0);

  let indexerLagBlocks: number | null = null;
  if (input.deployments && input.chain) {
    const [cursor] = await db
      .select({ block: chainCursors.blockNumber })
      .from(chainCursors)
      .where(eq(chainCursors.name, chainIndexerCursorName(input.deployments)));
    const head = (await input.chain.getBlockNumber()) - BigInt(input.confirmations ?? 0);
    const applied = cursor?.block ?? 0n;
    indexerLagBlocks = Number(head > applied ? head - applied : 0n);
  }

  const audit = await auditLedger(db);
  const batches = await db
    .select({
      batchNumber: settlementBatches.batchNumber,
      status: settlementBatches.status,
      createdAt: settlementBatches.createdAt,
    })
    .from(settlementBatches)
    .orderBy(desc(settlementBatches.batchNumber))
    .limit(5);

  return {
    nodesOnline,
    nodesOnlineByModel,
    queueDepth: Object.fromEntries(queued.map((row) => [row.model, row.n])),
    errorRate: { rate: total === 0 ? 0 : failed / total, failed, finished: total },
    settlementLagSeconds: await oldestUnsettledChargeAgeSeconds(db),
    indexerLagBlocks,
    ledgerAudit: {
      ok: audit.ok,
      unbalancedTransactions: audit.unbalancedTransactions.length,
      driftedAccounts: audit.driftedAccounts.length,
      negativeAccounts: audit.negativeAccounts.length,
      reservationMismatches: audit.reservationMismatches.length,
    },
    latestBatches: batches.map((batch) => ({
      batchNumber: batch.batchNumber.toString(),
      status: batch.status,
      createdAt: batch.createdAt.toISOString(),
    })),
  };
}
