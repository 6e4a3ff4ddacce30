import { type Deployments, inferencePaymentAbi } from '@far/contracts';
import type { Db, SettlementBatch } from '@far/db';
import { getAbiItem, type Hash, parseEventLogs } from 'viem';
import { ChainError } from '../chain/ChainError.js';
import type { Logger } from '../observability/createLogger.js';
import { abandonSettlementBatch, markSettlementBatchMined } from './recordSettlementBatch.js';
import { type SettlementClients, sendSettlementBatch } from './sendSettlementBatch.js';
import { fromSettlementBatchItems, settlementBatchTotal } from './settlementBatchItems.js';

export type ReconcileOutcome =
  | { outcome: 'landed'; txHash: Hash | null }
  | { outcome: 'resent'; txHash: Hash }
  | { outcome: 'in_flight'; txHash: Hash }
  | { outcome: 'abandoned'; error: ChainError };

export type ReconcileOptions = {
  logger: Logger;
  /** Widest getLogs range when searching for the batch's BatchSettled log. */
  maxBlockRange: bigint;
  /** How long to wait for a transaction that is still in the mempool. */
  receiptTimeoutMs: number;
};

/** Failures where the chain answered and said no: resending the same batch cannot help. */
const transientReasons = new Set(['rpc_unreachable', 'rpc_error', 'unknown', 'insufficient_funds']);

const batchSettledEvent = getAbiItem({ abi: inferencePaymentAbi, name: 'BatchSettled' });

/**
 * Brings a `pending` batch (recorded, maybe sent, outcome unknown — e.g. after a crash) in line
 * with the chain. The contract's `nextBatchId` decides: past the batch's number means it landed
 * (its BatchSettled log gives the transaction); equal means it did not, so the same batch is sent
 * again — unless its transaction is still in the mempool, which is waited for instead. A batch that
 * no longer simulates is abandoned: its charges return to the pool for the next batch.
 *
 * @param db - the database.
 * @param clients - public and coordinator wallet clients.
 * @param deployments - where InferencePayment lives and from which block to search.
 * @param batch - the pending row.
 * @param options - logger, log search range, receipt timeout.
 * @returns what happened.
 * @throws ChainError when the chain cannot be reached, or is behind the recorded batch number.
 */
export async function reconcileSettlementBatch(
  db: Db,
  clients: SettlementClients,
  deployments: Pick<Deployments, 'contracts' | 'deployBlock'>,
  batch: SettlementBatch,
  options: ReconcileOptions,
): Promise<ReconcileOutcome> {
  const { publicClient } = clients;
  const payment = deployments.contracts.inferencePayment;
  const readNextBatchId = () =>
    publicClient.readContract({ address: payment, abi: inferencePaymentAbi, functionName: 'nextBatchId' });

  let next = await readNextBatchId();
  if (next === batch.batchNumber && batch.txHash !== null) {
    const hash = batch.txHash as Hash;
    const receipt = await publicClient.getTransactionReceipt({ hash }).catch(() => undefined);
    if (receipt === undefined) {
      const inMempool = await publicClient.getTransaction({ hash }).catch(() => undefined);
      if (inMempool !== undefined) {
        const mined = await publicClient
          .waitForTransactionReceipt({ hash, timeout: options.receiptTimeoutMs })
          .catch(() => undefined);
        if (mined === undefined) return { outcome: 'in_flight', txHash: hash };
        next = await readNextBatchId();
      }
    }
  }

  if (next > batch.batchNumber) {
    const txHash = await findBatchSettledTransaction(clients, deployments, batch, options);
    if (txHash === null) {
      options.logger.error(
        { batchNumber: batch.batchNumber.toString() },
        'batch id consumed on chain but its BatchSettled log was not found',
      );
    }
    await markSettlementBatchMined(db, batch.id, txHash ?? batch.txHash ?? '');
    return { outcome: 'landed', txHash };
  }
  if (next < batch.batchNumber) {
    throw new ChainError(
      'batch_ahead_of_chain',
      `Recorded settlement batch ${batch.batchNumber} is ahead of the contract's nextBatchId ${next}: is this the right chain and deployment?`,
    );
  }

  try {
    const txHash = await sendSettlementBatch(
      db,
      clients,
      deployments,
      batch,
      fromSettlementBatchItems(batch.items),
    );
    return { outcome: 'resent', txHash };
  } catch (error) {
    if (!(error instanceof ChainError) || transientReasons.has(error.reason)) throw error;
    // A reverted send might still have consumed the id if something else raced it: check first.
    if ((await readNextBatchId()) > batch.batchNumber) {
      return reconcileSettlementBatch(db, clients, deployments, { ...batch, txHash: null }, options);
    }
    await abandonSettlementBatch(db, batch.id);
    options.logger.error(
      { batchNumber: batch.batchNumber.toString(), reason: error.reason, err: error.message },
      'settlement batch can no longer be sent as recorded; its charges return to the pool',
    );
    return { outcome: 'abandoned', error };
  }
}

/** The transaction whose BatchSettled log carries this batch id, checking the total matches. */
async function findBatchSettledTransaction(
  clients: SettlementClients,
  deployments: Pick<Deployments, 'contracts' | 'deployBlock'>,
  batch: SettlementBatch,
  options: ReconcileOptions,
): Promise<Hash | null> {
  const { publicClient } = clients;
  const address = deployments.contracts.inferencePayment;
  const expectedTotal = settlementBatchTotal(fromSettlementBatchItems(batch.items));
  const check = (log: { args: { totalDebited: bigint }; transactionHash: Hash }) => {
    if (log.args.totalDebited !== expectedTotal) {
      options.logger.error(
        {
          batchNumber: batch.batchNumber.toString(),
          onChain: log.args.totalDebited.toString(),
          recorded: expectedTotal.toString(),
        },
        'batch landed with a different total than recorded',
      );
    }
    return log.transactionHash;
  };

  if (batch.txHash !== null) {
    const receipt = await publicClient
      .getTransactionReceipt({ hash: batch.txHash as Hash })
      .catch(() => undefined);
    if (receipt !== undefined) {
      const logs = parseEventLogs({
        abi: inferencePaymentAbi,
        eventName: 'BatchSettled',
        logs: receipt.logs,
      });
      const match = logs.find(
        (l) => l.args.batchId === batch.batchNumber && l.address.toLowerCase() === address.toLowerCase(),
      );
      if (match !== undefined) return check(match);
    }
  }
  // Newest first: a batch that just landed is near the head, so this usually takes one call.
  const floor = BigInt(deployments.deployBlock);
  let toBlock = await publicClient.getBlockNumber({ cacheTime: 0 });
  while (toBlock >= floor) {
    const fromBlock =
      toBlock - options.maxBlockRange + 1n > floor ? toBlock - options.maxBlockRange + 1n : floor;
    const logs = await publicClient.getLogs({
      address,
      event: batchSettledEvent,
      args: { batchId: batch.batchNumber },
      fromBlock,
      toBlock,
      strict: true,
    });
    const match = logs[0];
    if (match !== undefined) return check(match);
    toBlock = fromBlock - 1n;
  }
  return null;
}
