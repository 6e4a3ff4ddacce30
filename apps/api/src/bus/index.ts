export type { Bus, BusHandler, BusOptions, BusPatternHandler, BusUnsubscribe } from './Bus.js';
export { busPatternToRegExp } from './busPatternToRegExp.js';
export { createBus } from './createBus.js';
export { createInProcessBus } from './createInProcessBus.js';
export { createRedisBus } from './createRedisBus.js';
export { decodeBusMessage, encodeBusMessage } from './encodeBusMessage.js';
