export * from './embeddingLimits.js';
export * from './embeddingRequest.js';
