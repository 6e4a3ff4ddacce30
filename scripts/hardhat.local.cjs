// The local network's chain: the contracts package's Hardhat config with a genesis date in the
// past, so that the recorded transactions of an earlier run can be replayed at their original
// timestamps (see chainRecorder.ts). Paths in the base config are absolute, so they still hold.
const base = require('../packages/contracts/hardhat.config.cjs');

module.exports = {
  ...base,
  networks: {
    ...base.networks,
    hardhat: { ...base.networks.hardhat, initialDate: '2025-01-01T00:00:00Z' },
  },
};
