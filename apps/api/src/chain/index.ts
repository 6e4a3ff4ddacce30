export { applyChainEvent, type ChainEventContext, chainIdempotencyKey } from './applyChainEvent.js';
export { ChainError } from './ChainError.js';
export { type ChainEventBus, type ChainNotice, revenueNotice } from './ChainNotice.js';
export {
  type ChainIndexer,
  type CreateChainIndexerOptions,
  createChainIndexer,
  type SyncResult,
} from './createChainIndexer.js';
export { explainChainError } from './explainChainError.js';
export { type GetFarUsdPriceOptions, getFarUsdPrice } from './getFarUsdPrice.js';
export { type ChainEvent, chainEventSchema, readChainEvents } from './readChainEvents.js';
export { FAR_USD_PRICE_DECIMALS, type UsdToFarWeiOptions, usdToFarWei } from './usdToFarWei.js';
