import { type Deployments, inferencePaymentAbi } from '@far/contracts';
import { type ChargeWriteOff, type Db, settlementBatches } from '@far/db';
import { asc, eq } from 'drizzle-orm';
import type { Account, Address, Chain, Hash, PublicClient, Transport, WalletClient } from 'viem';
import { z } from 'zod';
import { createPollingLoop } from '../chain/createPollingLoop.js';
import { ensureNodeRegistered } from '../chain/ensureNodeRegistered.js';
import { explainChainError } from '../chain/explainChainError.js';
import { collectUnsettledAuditPayouts } from '../ledger/collectUnsettledAuditPayouts.js';
import { collectUnsettledCharges, type UnsettledCharge } from '../ledger/collectUnsettledCharges.js';
import type { Logger } from '../observability/createLogger.js';
import { DEFAULT_SETTLEMENT_EXPIRY_MARGIN_SECONDS } from '../spendingAuthorization/minSpendingAuthorizationValiditySeconds.js';
import { partitionUncollectableCharges } from './partitionUncollectableCharges.js';
import type { DeferredCharge, UserSettlementLimit } from './planSettlementBatch.js';
import { planSimulatedSettlementBatch } from './planSimulatedSettlementBatch.js';
import { readSettlementLimits } from './readSettlementLimits.js';
import { reconcileSettlementBatch } from './reconcileSettlementBatch.js';
import { recordSettlementBatch } from './recordSettlementBatch.js';
import {
  type SettlementClients,
  sendSettlementBatch,
  simulateSettlementBatch,
} from './sendSettlementBatch.js';
import { summarizeDeferredCharges } from './summarizeDeferredCharges.js';
import { writeOffUncollectableCharges } from './writeOffUncollectableCharges.js';

const settlementBatcherOptionsSchema = z.object({
  periodMs: z.number().int().min(100).max(86_400_000).default(60_000),
  /** Most charges read per period. */
  maxChargesPerBatch: z.number().int().min(1).max(100_000).default(5_000),
  /** Most distinct users + nodes per batch: gas grows with them, and a batch must fit in a block. */
  maxEntriesPerBatch: z.number().int().min(2).max(10_000).default(500),
  /** An authorization must stay valid this long after planning, since mining takes a moment. */
  expiryMarginSeconds: z.number().int().min(0).max(86_400).default(DEFAULT_SETTLEMENT_EXPIRY_MARGIN_SECONDS),
  maxBlockRange: z.number().int().min(1).max(100_000).default(2_000),
  receiptTimeoutMs: z.number().int().min(100).max(3_600_000).default(120_000),
});

export type CreateSettlementBatcherOptions = {
  db: Db;
  publicClient: PublicClient;
  /** The coordinator's wallet client; its account must hold ORACLE_ROLE. */
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
  deployments: Pick<Deployments, 'chainId' | 'contracts' | 'deployBlock'>;
  logger: Logger;
  /** How often `start()` settles; default 60 s. */
  periodMs?: number;
  maxChargesPerBatch?: number;
  maxEntriesPerBatch?: number;
  expiryMarginSeconds?: number;
  maxBlockRange?: number;
  receiptTimeoutMs?: number;
  /**
   * Work at the settlement epoch's cadence (the nodes' on-chain ratings): run after each batch
   * lands, inside the same settlement run, so its transactions never race the batch's for the
   * coordinator's nonce. Its failure is logged; the batch stands.
   */
  onEpoch?: (() => Promise<unknown>) | undefined;
};

export type SettleOnceResult = {
  /** `settled`: a new batch landed; `idle`: nothing to settle; `deferred`: charges exist but none can settle now; `in_flight`: an earlier batch is still being mined. */
  status: 'settled' | 'idle' | 'deferred' | 'in_flight';
  batchNumber?: bigint;
  txHash?: Hash;
  charges: number;
  totalWei: bigint;
  deferred: DeferredCharge[];
  /** Audit payouts this batch paid out of its treasury share, and their total. */
  auditPayouts: number;
  auditPayWei: bigint;
  /** Charges no authorization can ever collect, written off by this call. */
  writtenOff: ChargeWriteOff[];
  /** Earlier pending batches this call brought in line with the chain. */
  reconciled: Array<{ batchNumber: bigint; outcome: string }>;
};

export type SettlementBatcher = {
  /** Settles every `periodMs` until `stop()`; failures are logged and retried next period. */
  start(): void;
  /** Stops the timer and waits for a settlement in progress. */
  stop(): Promise<void>;
  /** Reconciles pending batches, then settles what can be settled now in one transaction. */
  settleOnce(): Promise<SettleOnceResult>;
};

/**
 * The settlement batcher: each period it gathers the captured charges the ledger holds but the
 * chain has not settled, keeps each user within their signed cap and escrow, makes sure the
 * node payout addresses are registered, and moves the period's totals on chain in ONE
 * `settleBatch`. The batch is recorded (row, items, links) before it is sent; on restart pending
 * batches are reconciled with the contract's `nextBatchId`, so a retry never settles twice.
 *
 * @param options - database, clients, deployments, period, logger.
 * @returns `{ start, stop, settleOnce }`.
 * @example
 * const batcher = createSettlementBatcher({ db, publicClient, walletClient, deployments, periodMs: 60_000, logger });
 * batcher.start();
 */
export function createSettlementBatcher(options: CreateSettlementBatcherOptions): SettlementBatcher {
  const settings = settlementBatcherOptionsSchema.parse({
    periodMs: options.periodMs,
    maxChargesPerBatch: options.maxChargesPerBatch,
    maxEntriesPerBatch: options.maxEntriesPerBatch,
    expiryMarginSeconds: options.expiryMarginSeconds,
    maxBlockRange: options.maxBlockRange,
    receiptTimeoutMs: options.receiptTimeoutMs,
  });
  const context: BatcherContext = {
    db: options.db,
    deployments: options.deployments,
    clients: { publicClient: options.publicClient, walletClient: options.walletClient },
    logger: options.logger.child({ component: 'settlement-batcher' }),
    settings,
  };
  const { logger } = context;
  // One settlement at a time in this process; other replicas are held off by the unique batch number.
  let inProgress: Promise<SettleOnceResult> | undefined;

  function settleOnce(): Promise<SettleOnceResult> {
    if (inProgress !== undefined) return inProgress;
    inProgress = settleNow(context)
      .then(async (result) => {
        if (result.status === 'settled' && options.onEpoch) {
          await options
            .onEpoch()
            .catch((error: unknown) =>
              logger.error(
                { err: error, reason: explainChainError(error).message },
                'settlement epoch work failed',
              ),
            );
        }
        return result;
      })
      .finally(() => {
        inProgress = undefined;
      });
    return inProgress;
  }

  const loop = createPollingLoop({
    run: settleOnce,
    intervalMs: settings.periodMs,
    onError: (error) =>
      logger.error(
        { err: error, reason: explainChainError(error).message },
        'settlement failed; retrying next period',
      ),
  });
  let started = false;
  return {
    start() {
      if (started) return;
      started = true;
      logger.info({ periodMs: settings.periodMs }, 'settlement batcher started');
      // At once: a batch left pending by a crash is reconciled on startup, not a period later.
      loop.start();
    },
    async stop() {
      started = false;
      await loop.stop();
      await inProgress?.catch(() => undefined);
    },
    settleOnce,
  };
}

/** What one settlement run works with. */
type BatcherContext = {
  db: Db;
  deployments: CreateSettlementBatcherOptions['deployments'];
  clients: SettlementClients;
  logger: Logger;
  settings: z.infer<typeof settlementBatcherOptionsSchema>;
};

/** One settlement run: reconcile, collect, write off the uncollectable, plan, dry-run, record, send. */
async function settleNow(context: BatcherContext): Promise<SettleOnceResult> {
  const { db, clients, deployments, logger, settings } = context;
  const result: SettleOnceResult = {
    status: 'idle',
    charges: 0,
    totalWei: 0n,
    deferred: [],
    auditPayouts: 0,
    auditPayWei: 0n,
    reconciled: [],
    writtenOff: [],
  };
  if (!(await reconcilePending(context, result))) return { ...result, status: 'in_flight' };

  const collected = await collectUnsettledCharges(db, settings.maxChargesPerBatch);
  if (collected.length === 0) return result;

  const users = [...new Set(collected.map((c) => c.userAddress))];
  const limits = await readSettlementLimits(
    db,
    clients.publicClient,
    deployments,
    users,
    BigInt(settings.expiryMarginSeconds),
  );
  const charges = await writeOffUncollectable(context, collected, limits, result);
  if (charges.length === 0) return result;
  // Only nodes of charges someone can pay for now, and of audit pay riding along with them:
  // registering costs gas.
  const payable = charges.filter((c) => (limits.get(c.userAddress)?.limit ?? 0n) > 0n);
  const auditPayouts =
    payable.length === 0 ? [] : await collectUnsettledAuditPayouts(db, settings.maxChargesPerBatch);
  const nodes = new Set([
    ...payable.filter((c) => c.nodeAddress !== null && c.node > 0n).map((c) => c.nodeAddress as Address),
    ...auditPayouts.flatMap((p) => (p.nodeAddress === null ? [] : [p.nodeAddress])),
  ]);
  const payableNodes = await registerPayableNodes(context, nodes);

  const batchNumber = await clients.publicClient.readContract({
    address: deployments.contracts.inferencePayment,
    abi: inferencePaymentAbi,
    functionName: 'nextBatchId',
  });
  const plan = await planSimulatedSettlementBatch({
    charges,
    limits,
    payableNodes,
    maxEntries: settings.maxEntriesPerBatch,
    auditPayouts,
    simulate: (content) => simulateSettlementBatch(clients, deployments, batchNumber, content),
    logger,
  });
  result.deferred = plan.deferred;
  if (plan.deferred.length > 0) {
    logger.info({ deferred: summarizeDeferredCharges(plan.deferred) }, 'charges left for a later batch');
  }
  if (plan.deferredAuditPayouts.length > 0) {
    logger.info(
      {
        auditPayouts: plan.deferredAuditPayouts.length,
        wei: plan.deferredAuditPayouts.reduce((sum, d) => sum + d.payout.amount, 0n).toString(),
        first: plan.deferredAuditPayouts[0]?.reason,
      },
      'audit pay left for a later batch',
    );
  }
  if (plan.included.length === 0) return { ...result, status: 'deferred' };

  const batch = await recordSettlementBatch(db, batchNumber, plan);
  result.batchNumber = batchNumber;
  result.charges = plan.included.length;
  result.totalWei = batch.totalWei;
  result.auditPayouts = plan.includedAuditPayouts.length;
  result.auditPayWei = plan.content.auditPay;
  const txHash = await sendSettlementBatch(db, clients, deployments, batch, plan.content);
  logger.info(
    {
      batchNumber: batchNumber.toString(),
      txHash,
      charges: plan.included.length,
      users: plan.content.debits.length,
      nodes: plan.content.credits.length,
      totalWei: batch.totalWei.toString(),
      auditPayouts: plan.includedAuditPayouts.length,
      auditPayWei: plan.content.auditPay.toString(),
    },
    'settled batch on chain',
  );
  return { ...result, status: 'settled', txHash };
}

/** Brings earlier pending batches in line with the chain; false while one is still being mined. */
async function reconcilePending(context: BatcherContext, result: SettleOnceResult): Promise<boolean> {
  const { db, clients, deployments, logger, settings } = context;
  const pending = await db
    .select()
    .from(settlementBatches)
    .where(eq(settlementBatches.status, 'pending'))
    .orderBy(asc(settlementBatches.batchNumber));
  for (const batch of pending) {
    const outcome = await reconcileSettlementBatch(db, clients, deployments, batch, {
      logger,
      maxBlockRange: BigInt(settings.maxBlockRange),
      receiptTimeoutMs: settings.receiptTimeoutMs,
    });
    result.reconciled.push({ batchNumber: batch.batchNumber, outcome: outcome.outcome });
    logger.info(
      { batchNumber: batch.batchNumber.toString(), ...outcome },
      'reconciled pending settlement batch',
    );
    if (outcome.outcome === 'in_flight') return false;
  }
  return true;
}

/** The node payout addresses that can be credited now, registering new ones on chain. */
async function registerPayableNodes(
  context: BatcherContext,
  addresses: Iterable<Address>,
): Promise<Set<Address>> {
  const payable = new Set<Address>();
  for (const node of addresses) {
    const state = await ensureNodeRegistered(context.clients, context.deployments, node);
    if (state === 'suspended')
      context.logger.warn({ node }, 'node payout address is suspended on chain; its charges wait');
    else payable.add(node);
  }
  return payable;
}

/** Writes off the charges of users no authorization can debit again; returns the others. */
async function writeOffUncollectable(
  context: BatcherContext,
  charges: UnsettledCharge[],
  limits: Map<Address, UserSettlementLimit>,
  result: SettleOnceResult,
): Promise<UnsettledCharge[]> {
  const { db, clients, deployments, logger } = context;
  const { collectable, uncollectable } = partitionUncollectableCharges(charges, limits);
  for (const [userAddress, { reason, charges: userCharges }] of uncollectable) {
    const [first] = userCharges;
    if (first === undefined) continue;
    let written: ChargeWriteOff[];
    try {
      written = await writeOffUncollectableCharges(
        db,
        clients.publicClient,
        deployments,
        { userId: first.userId, userAddress, charges: userCharges, reason },
        logger,
      );
    } catch (error) {
      // One user's write-off (earnings already paid out, a pruned node's historical state) must
      // not hold up everyone's settlement: their charges sit out this round and are tried again.
      logger.error(
        { err: error, user: userAddress, reason: explainChainError(error).message },
        'writing off uncollectable charges failed; they wait for a later round',
      );
      continue;
    }
    if (written.length === 0)
      logger.info({ user: userAddress }, 'uncollectable charges wait for the indexer to write them off');
    result.writtenOff.push(...written);
  }
  return collectable;
}
