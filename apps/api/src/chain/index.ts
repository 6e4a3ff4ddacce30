export { applyChainEvent, type ChainEventContext, chainIdempotencyKey } from './applyChainEvent.js';
export { ChainError } from './ChainError.js';
export { type ChainEventBus, type ChainNotice, revenueNotice } from './ChainNotice.js';
export { type ChainRoutesOptions, chainRoutes } from './chainRoutes.js';
export { collectUnsettledCharges, type UnsettledCharge } from './collectUnsettledCharges.js';
export {
  type ChainIndexer,
  type CreateChainIndexerOptions,
  createChainIndexer,
  type SyncResult,
} from './createChainIndexer.js';
export {
  type CreateSettlementBatcherOptions,
  createSettlementBatcher,
  type SettlementBatcher,
  type SettleOnceResult,
} from './createSettlementBatcher.js';
export { ensureNodeRegistered, type NodeRegistration } from './ensureNodeRegistered.js';
export { explainChainError } from './explainChainError.js';
export { type GetFarUsdPriceOptions, getFarUsdPrice } from './getFarUsdPrice.js';
export { listUserTransactions, type UserTransaction } from './listUserTransactions.js';
export {
  type DeferredCharge,
  type PlanSettlementBatchInput,
  planSettlementBatch,
  type SettlementPlan,
  type UserSettlementLimit,
} from './planSettlementBatch.js';
export { type ChainEvent, chainEventSchema, readChainEvents } from './readChainEvents.js';
export { readFarUsdPriceForDisplay } from './readFarUsdPriceForDisplay.js';
export { readSettlementLimits } from './readSettlementLimits.js';
export {
  readSpendingAuthorizationStatus,
  type SpendingAuthorizationStatus,
} from './readSpendingAuthorizationStatus.js';
export { type ReconcileOutcome, reconcileSettlementBatch } from './reconcileSettlementBatch.js';
export {
  abandonSettlementBatch,
  markSettlementBatchMined,
  recordSettlementBatch,
} from './recordSettlementBatch.js';
export {
  type SettlementClients,
  sendSettlementBatch,
  simulateSettlementBatch,
} from './sendSettlementBatch.js';
export {
  fromSettlementBatchItems,
  type SettlementBatchContent,
  type SettlementBatchItem,
  settleBatchArgs,
  settlementBatchItemSchema,
  settlementBatchTotal,
  toSettlementBatchItems,
} from './settlementBatchItems.js';
export { smallerWei } from './smallerWei.js';
export {
  DEFAULT_SPENDING_AUTHORIZATION_SECONDS,
  DEFAULT_SPENDING_CAP,
  nextSpendingAuthorizationNonce,
  type SpendingAuthorizationTypedData,
  spendingAuthorizationTypedData,
} from './spendingAuthorizationTypedData.js';
export {
  type StoreSpendingAuthorizationParams,
  storeSpendingAuthorization,
} from './storeSpendingAuthorization.js';
export { FAR_USD_PRICE_DECIMALS, type UsdToFarWeiOptions, usdToFarWei } from './usdToFarWei.js';
