export * from './buildNodeJoinMessage.js';
export * from './decodeNodeWireMessage.js';
export * from './isBillableTokenText.js';
export * from './nodeCloseCode.js';
export * from './nodeProtocolLimits.js';
export * from './nodeToServerMessage.js';
export * from './nodeWireFields.js';
export * from './serverToNodeMessage.js';
