export * from './node/index.js';
export * from './text/index.js';
