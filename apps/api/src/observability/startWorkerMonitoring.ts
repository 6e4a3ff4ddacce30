import { auditLedger } from '../ledger/auditLedger.js';
import type { PlatformCore } from '../services/PlatformCore.js';
import { queueDepthEmfLine } from './queueDepthEmfLine.js';
import { type StateMetricsTally, sampleStateMetrics } from './sampleStateMetrics.js';

/** How often the leader reads the stored state into the gauges. */
const STATE_SAMPLE_MS = 15_000;
/** How often the leader audits the ledger (a full read of the entries: not every sample). */
const LEDGER_AUDIT_MS = 10 * 60_000;
/** How often the leader publishes the queue depth for GPU autoscaling. */
const QUEUE_DEPTH_EMF_MS = 60_000;

type WorkerMonitoringOptions = {
  core: Pick<PlatformCore, 'db' | 'chain' | 'deployments' | 'metrics' | 'logger' | 'config'>;
  /** Whether this worker holds the leader lock now. */
  isLeader: () => boolean;
  /** Where the EMF lines go: stdout, which the awslogs driver ships to CloudWatch Logs. */
  writeLine?: (line: string) => void;
  intervals?: { sampleMs?: number; auditMs?: number; emfMs?: number };
};

/**
 * The worker's monitoring: `far_worker_leader` on every worker, and on the leader only the state
 * metrics (sampleStateMetrics), the periodic ledger audit (`far_ledger_audit_ok`, its timestamp)
 * and the queue depth as a CloudWatch EMF line every minute (the dimension `Environment` is the
 * environment's name, CLUSTER_NAME without its `far-` prefix, as the stack sets it).
 *
 * @returns `runOnce()` (one sample, audit and EMF line now; tests and the moment of election call it)
 *   and `stop()`.
 */
export function startWorkerMonitoring(options: WorkerMonitoringOptions) {
  const { core, isLeader } = options;
  const { metrics, logger } = core;
  const writeLine = options.writeLine ?? ((line: string) => process.stdout.write(`${line}\n`));
  const tally: StateMetricsTally = { batches: new Map(), revenueWei: new Map() };
  const environment = core.config.CLUSTER_NAME.replace(/^far-/, '');

  const sample = async () => {
    metrics.workerLeader.set(isLeader() ? 1 : 0);
    if (!isLeader()) return;
    await sampleStateMetrics({
      db: core.db,
      chain: core.chain,
      deployments: core.deployments,
      confirmations: core.config.CHAIN_CONFIRMATIONS,
      metrics,
      tally,
    });
  };
  const audit = async () => {
    if (!isLeader()) return;
    const result = await auditLedger(core.db);
    metrics.ledgerAuditOk.set(result.ok ? 1 : 0);
    metrics.ledgerAuditLastRun.set(Date.now() / 1000);
    if (!result.ok) logger.error({ audit: result }, 'ledger audit found a mismatch');
  };
  const publishQueueDepth = async () => {
    if (!isLeader()) return;
    const { values } = await metrics.inferenceQueueDepth.get();
    const depth = values.reduce((sum, v) => sum + v.value, 0);
    writeLine(queueDepthEmfLine({ depth, environment, at: new Date() }));
  };
  const guarded = (name: string, work: () => Promise<void>) => () =>
    work().catch((error: unknown) => logger.warn({ err: error }, `monitoring: ${name} failed`));

  const intervals = options.intervals ?? {};
  const timers = [
    setInterval(guarded('state sample', sample), intervals.sampleMs ?? STATE_SAMPLE_MS),
    setInterval(guarded('ledger audit', audit), intervals.auditMs ?? LEDGER_AUDIT_MS),
    setInterval(
      guarded('queue depth EMF', async () => {
        await sample();
        await publishQueueDepth();
      }),
      intervals.emfMs ?? QUEUE_DEPTH_EMF_MS,
    ),
  ];
  for (const timer of timers) timer.unref();
  metrics.workerLeader.set(isLeader() ? 1 : 0);
  return {
    async runOnce() {
      await sample();
      await audit();
      await publishQueueDepth();
    },
    stop() {
      for (const timer of timers) clearInterval(timer);
    },
  };
}
