import { describe } from 'vitest';
import { busContractSuite } from './busContractSuite.js';
import { createInProcessBus } from './createInProcessBus.js';

describe('in-process bus', () => {
  busContractSuite(async (options) => createInProcessBus(options));
});
