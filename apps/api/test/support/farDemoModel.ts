import type { ModelSpec } from '../../src/models/ModelSpec.js';

/**
 * far-demo's SHA-256, as the catalogue's migration pins it and `buildDemoModel` builds it (the
 * bytes are the same on every build; catalogueModels.test checks the three agree).
 */
export const FAR_DEMO_SHA256 = 'd2f0bb9c3639b619f6a34778589284c04b46542e199921760c0afe0a79653cc7';

/** far-demo's list price, USD per 1M tokens, input and output alike (so a task costs tokensCostWei(prompt + completion)). */
export const FAR_DEMO_USD_PER_1M = '0.5';

/** far-demo as the seeded catalogue sells it, for tests that price or settle without a database read. */
export const farDemoModel: ModelSpec = {
  id: 'far-demo',
  family: 'far',
  parameterCount: 1_565_280,
  quantization: 'F16',
  contextLength: 4096,
  minVramGb: 0,
  tokensPerSecond: 200,
  inputPriceUsdPer1M: FAR_DEMO_USD_PER_1M,
  outputPriceUsdPer1M: FAR_DEMO_USD_PER_1M,
  weightsSha256: FAR_DEMO_SHA256,
  source: '.far/models/far-demo.gguf (built by apps/node/src/demoModel)',
  kind: 'chat',
  status: 'active',
  updatedAt: new Date(0),
};
