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

/** Compiler settings with `runs` optimizer runs (the rest pinned for every contract). */
function compilerSettings(runs) {
  return {
    // Pinned so bytecode and gas do not drift with Hardhat's default; BSC supports Cancun opcodes.
    evmVersion: 'cancun',
    optimizer: { enabled: true, runs },
    // No metadata hash: the committed bytecode in src/bytecode stays identical when only comments change.
    metadata: { bytecodeHash: 'none' },
  };
}

/** @type {import('hardhat/config').HardhatUserConfig} */
module.exports = {
  solidity: {
    compilers: [{ version: SOLC_VERSION, settings: compilerSettings(10_000) }],
    overrides: {
      // EIP-170 caps runtime code at 24,576 bytes. With the operator's pause InferencePayment is 24,782
      // bytes at 10,000 runs and 24,392 at 6,000, where its per-user settlement debit still costs what it
      // did (spendingAuthorizationCollectability.test.ts pins it; at 5,000 runs it costs 31 gas more).
      'contracts/InferencePayment.sol': { version: SOLC_VERSION, settings: compilerSettings(6_000) },
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
