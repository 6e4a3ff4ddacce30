import { type Deployments, inferencePaymentAbi } from '@far/contracts';
import { type ChargeWriteOff, type Db, settlementBatches } from '@far/db';
import { asc, eq } from 'drizzle-orm';
import {
  type Account,
  type Address,
  type Chain,
  getAddress,
  type Hash,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem';
import { z } from 'zod';
import { ChainError } from '../chain/ChainError.js';
import { ensureNodeRegistered } from '../chain/ensureNodeRegistered.js';
import { explainChainError } from '../chain/explainChainError.js';
import { collectUnsettledCharges, type UnsettledCharge } from '../ledger/collectUnsettledCharges.js';
import type { Logger } from '../observability/createLogger.js';
import { DEFAULT_SETTLEMENT_EXPIRY_MARGIN_SECONDS } from '../spendingAuthorization/minSpendingAuthorizationValiditySeconds.js';
import { type DeferredCharge, planSettlementBatch, type UserSettlementLimit } from './planSettlementBatch.js';
import { readSettlementLimits } from './readSettlementLimits.js';
import { reconcileSettlementBatch } from './reconcileSettlementBatch.js';
import { recordSettlementBatch } from './recordSettlementBatch.js';
import { sendSettlementBatch, simulateSettlementBatch } from './sendSettlementBatch.js';
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
};

export type SettleOnceResult = {
  /** `settled`: a new batch landed; `idle`: nothing to settle; `deferred`: charges exist but none can settle now; `in_flight`: an earlier batch is still being mined. */
  status: 'settled' | 'idle' | 'deferred' | 'in_flight';
  batchNumber?: bigint;
  txHash?: Hash;
  charges: number;
  totalWei: bigint;
  deferred: DeferredCharge[];
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

/** Errors whose first argument names the user whose debit made the batch revert. */
const userErrors = new Set(['SpendingCapExceeded', 'InsufficientBalance', 'AuthorizationExpired']);

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
  const { db, deployments } = options;
  const clients = { publicClient: options.publicClient, walletClient: options.walletClient };
  const logger = options.logger.child({ component: 'settlement-batcher' });

  let timer: NodeJS.Timeout | undefined;
  let stopped = true;
  // One settlement at a time in this process; other replicas are held off by the unique batch number.
  let inProgress: Promise<SettleOnceResult> | undefined;

  async function reconcilePending(result: SettleOnceResult): Promise<boolean> {
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

  async function payableNodes(addresses: Iterable<Address>): Promise<Set<Address>> {
    const payable = new Set<Address>();
    for (const node of addresses) {
      const state = await ensureNodeRegistered(clients, deployments, node);
      if (state === 'suspended')
        logger.warn({ node }, 'node payout address is suspended on chain; its charges wait');
      else payable.add(node);
    }
    return payable;
  }

  /** Writes off the charges of users no authorization can debit again; returns the others. */
  async function writeOffUncollectable(
    charges: UnsettledCharge[],
    limits: Map<Address, UserSettlementLimit>,
    result: SettleOnceResult,
  ): Promise<UnsettledCharge[]> {
    const collectable: UnsettledCharge[] = [];
    const uncollectable = new Map<Address, UnsettledCharge[]>();
    for (const charge of charges) {
      if (limits.get(charge.userAddress)?.uncollectable === undefined) collectable.push(charge);
      else uncollectable.set(charge.userAddress, [...(uncollectable.get(charge.userAddress) ?? []), charge]);
    }
    for (const [userAddress, userCharges] of uncollectable) {
      const [first] = userCharges;
      const reason = limits.get(userAddress)?.uncollectable;
      if (first === undefined || reason === undefined) continue;
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

  async function settleNow(): Promise<SettleOnceResult> {
    const result: SettleOnceResult = {
      status: 'idle',
      charges: 0,
      totalWei: 0n,
      deferred: [],
      reconciled: [],
      writtenOff: [],
    };
    if (!(await reconcilePending(result))) return { ...result, status: 'in_flight' };

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
    const charges = await writeOffUncollectable(collected, limits, result);
    if (charges.length === 0) return result;
    // Only nodes of charges someone can pay for now: registering costs gas.
    const nodes = new Set(
      charges
        .filter((c) => c.nodeAddress !== null && c.node > 0n && (limits.get(c.userAddress)?.limit ?? 0n) > 0n)
        .map((c) => c.nodeAddress as Address),
    );
    const payable = await payableNodes(nodes);

    const batchNumber = await clients.publicClient.readContract({
      address: deployments.contracts.inferencePayment,
      abi: inferencePaymentAbi,
      functionName: 'nextBatchId',
    });
    let plan = planSettlementBatch({
      charges,
      limits,
      payableNodes: payable,
      maxEntries: settings.maxEntriesPerBatch,
    });
    // The plan already respects caps, escrow and expiry as read; a dry run catches whatever the
    // reads could not (a cap lowered or an authorization replaced in between) and names the
    // culprit, who is left out so one user cannot hold up everyone's settlement. Each round drops
    // one user or node, at most maxEntriesPerBatch rounds.
    for (let attempt = 0; plan.included.length > 0; attempt++) {
      try {
        await simulateSettlementBatch(clients, deployments, batchNumber, plan.content);
        break;
      } catch (error) {
        const culprit = error instanceof ChainError ? culpritOf(error) : undefined;
        if (attempt >= settings.maxEntriesPerBatch || culprit === undefined) throw error;
        logger.warn(
          { culprit, reason: error instanceof Error ? error.message : String(error) },
          'leaving a user or node out of this batch',
        );
        if (culprit.kind === 'user')
          limits.set(culprit.address, { limit: 0n, reason: (error as Error).message });
        else payable.delete(culprit.address);
        plan = planSettlementBatch({
          charges,
          limits,
          payableNodes: payable,
          maxEntries: settings.maxEntriesPerBatch,
        });
      }
    }
    result.deferred = plan.deferred;
    logDeferred(plan.deferred);
    if (plan.included.length === 0) return { ...result, status: 'deferred' };

    const batch = await recordSettlementBatch(db, batchNumber, plan);
    result.batchNumber = batchNumber;
    result.charges = plan.included.length;
    result.totalWei = batch.totalWei;
    const txHash = await sendSettlementBatch(db, clients, deployments, batch, plan.content);
    logger.info(
      {
        batchNumber: batchNumber.toString(),
        txHash,
        charges: plan.included.length,
        users: plan.content.debits.length,
        nodes: plan.content.credits.length,
        totalWei: batch.totalWei.toString(),
      },
      'settled batch on chain',
    );
    return { ...result, status: 'settled', txHash };
  }

  function logDeferred(deferred: DeferredCharge[]) {
    if (deferred.length === 0) return;
    const reasons = new Map<string, number>();
    for (const d of deferred)
      reasons.set(
        `${d.charge.userAddress}: ${d.reason}`,
        (reasons.get(`${d.charge.userAddress}: ${d.reason}`) ?? 0) + 1,
      );
    logger.info({ deferred: Object.fromEntries(reasons) }, 'charges left for a later batch');
  }

  function settleOnce(): Promise<SettleOnceResult> {
    if (inProgress !== undefined) return inProgress;
    inProgress = settleNow().finally(() => {
      inProgress = undefined;
    });
    return inProgress;
  }

  function tick() {
    settleOnce()
      .catch((error: unknown) => {
        logger.error(
          { err: error, reason: explainChainError(error).message },
          'settlement failed; retrying next period',
        );
      })
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, settings.periodMs);
      });
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      logger.info({ periodMs: settings.periodMs }, 'settlement batcher started');
      // At once: a batch left pending by a crash is reconciled on startup, not a period later.
      tick();
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await inProgress?.catch(() => undefined);
    },
    settleOnce,
  };
}

function culpritOf(error: ChainError): { kind: 'user' | 'node'; address: Address } | undefined {
  const first = (error.details?.args as unknown[] | undefined)?.[0];
  if (typeof first !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(first)) return undefined;
  // Checksummed, as the plan's limits and payable nodes are keyed.
  if (userErrors.has(error.reason)) return { kind: 'user', address: getAddress(first) };
  if (error.reason === 'NodeNotActive') return { kind: 'node', address: getAddress(first) };
  return undefined;
}
