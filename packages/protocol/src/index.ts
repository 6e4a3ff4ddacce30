export * from './embeddings/index.js';
export * from './inference/index.js';
export * from './node/index.js';
export * from './text/index.js';
