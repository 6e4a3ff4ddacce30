// Hardhat 2 config. CommonJS because the package is "type": "module" and Hardhat 2 loads its config with require().
const path = require('node:path');
const { subtask } = require('hardhat/config');
const { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } = require('hardhat/builtin-tasks/task-names');

const SOLC_VERSION = '0.8.28';

// No network access here (nor in CI images we control): compile with the solcjs build shipped in the
// npm `solc` package instead of letting Hardhat download a native compiler.
subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args, _hre, runSuper) => {
  const solcPackage = require('solc/package.json');
  if (args.solcVersion !== solcPackage.version) return runSuper(args);
  return {
    compilerPath: require.resolve('solc/soljson.js'),
    isSolcJs: true,
    version: args.solcVersion,
    longVersion: '0.8.28+commit.7893614a',
  };
});

/** The standard Hardhat dev mnemonic; accounts 0–9 are funded with FAR by scripts/deployLocal.ts. */
const DEV_MNEMONIC = 'test test test test test test test test test test test junk';

/** @type {import('hardhat/config').HardhatUserConfig} */
module.exports = {
  solidity: {
    version: SOLC_VERSION,
    settings: {
      // Pinned so bytecode and gas do not drift with Hardhat's default; BSC supports Cancun opcodes.
      evmVersion: 'cancun',
      optimizer: { enabled: true, runs: 10_000 },
      // No metadata hash: the committed bytecode in src/bytecode stays identical when only comments change.
      metadata: { bytecodeHash: 'none' },
    },
  },
  paths: {
    root: __dirname,
    sources: path.join(__dirname, 'contracts'),
    artifacts: path.join(__dirname, 'artifacts'),
    cache: path.join(__dirname, 'cache'),
    tests: path.join(__dirname, 'test'),
  },
  networks: {
    hardhat: {
      chainId: 31337,
      accounts: { mnemonic: DEV_MNEMONIC, count: 20 },
      // The settlement benchmark sends 1,000-entry batches in one transaction.
      blockGasLimit: 60_000_000,
      allowUnlimitedContractSize: false,
    },
    localhost: { url: 'http://127.0.0.1:8545', chainId: 31337 },
  },
};
