import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * The metrics of the platform's stored state (queue, reservations, settlement, indexer, ledger
 * audit, revenue, worker leadership), registered on `registry`. The worker's leader sets them
 * (see sampleStateMetrics and startWorkerMonitoring); elsewhere they have no sample (the counters
 * and the leader flag read 0), so rules and dashboards see only the leader's values.
 *
 * @param registry - the process's registry.
 * @returns the metrics, to spread into the app's Metrics.
 */
export function createStateMetrics(registry: Registry) {
  const registers = [registry];
  const metrics = {
    inferenceQueueDepth: new Gauge({
      name: 'far_inference_queue_depth',
      help: 'Inference tasks waiting for a node, by model',
      labelNames: ['model'] as const,
      registers,
    }),
    reservationsOpen: new Gauge({
      name: 'far_reservations_open',
      help: 'Balance reservations held by in-flight tasks',
      registers,
    }),
    settlementBatches: new Counter({
      name: 'far_settlement_batches_total',
      help: 'Settlement batches by outcome (settled, failed)',
      labelNames: ['outcome'] as const,
      registers,
    }),
    settlementLag: new Gauge({
      name: 'far_settlement_lag_seconds',
      help: 'Age of the oldest usage not yet settled on chain',
      registers,
    }),
    indexerLag: new Gauge({
      name: 'far_indexer_lag_blocks',
      help: 'Confirmed chain head minus the last block the indexer applied',
      registers,
    }),
    ledgerAuditOk: new Gauge({
      name: 'far_ledger_audit_ok',
      help: '1 when the last ledger audit balanced (double entry and chain escrow), 0 on a mismatch',
      registers,
    }),
    ledgerAuditLastRun: new Gauge({
      name: 'far_ledger_audit_last_run_timestamp_seconds',
      help: 'Unix time of the last completed ledger audit',
      registers,
    }),
    serviceRevenue: new Counter({
      name: 'far_service_revenue_far_total',
      help: 'Revenue recorded by the ledger, in FAR, by service id',
      labelNames: ['service'] as const,
      registers,
    }),
    workerLeader: new Gauge({
      name: 'far_worker_leader',
      help: '1 on the worker that holds the leader lock, 0 on a standby',
      registers,
    }),
  };
  // A gauge without labels reads 0 until set: on the api replicas and a standby worker that would
  // be a false alarm (`min(far_ledger_audit_ok) == 0`) or a false lag. They stay absent until the
  // leader sets them.
  for (const gauge of [
    metrics.reservationsOpen,
    metrics.settlementLag,
    metrics.indexerLag,
    metrics.ledgerAuditOk,
    metrics.ledgerAuditLastRun,
  ])
    gauge.remove();
  return metrics;
}
