export * from './inferenceLimits.js';
export * from './inferenceRequest.js';
