// Everything the browser may load, then what needs Node (bytecode, deployment files, Hardhat).
export * from './browser.js';
export {
  buildSettlementBatch,
  type SettlementBatch,
  type SettlementCharge,
} from './buildSettlementBatch.js';
export { farStakingBytecode } from './bytecode/farStakingBytecode.js';
export { farTokenBytecode } from './bytecode/farTokenBytecode.js';
export { gameLicensesBytecode } from './bytecode/gameLicensesBytecode.js';
export { inferencePaymentBytecode } from './bytecode/inferencePaymentBytecode.js';
export { nodeBondBytecode } from './bytecode/nodeBondBytecode.js';
export { priceFeedBytecode } from './bytecode/priceFeedBytecode.js';
export { publicationRegistryBytecode } from './bytecode/publicationRegistryBytecode.js';
export { researchEscrowBytecode } from './bytecode/researchEscrowBytecode.js';
export { revenueRelayBytecode } from './bytecode/revenueRelayBytecode.js';
export { timelockBytecode } from './bytecode/timelockBytecode.js';
export { tournamentPoolBytecode } from './bytecode/tournamentPoolBytecode.js';
export {
  type DeployContractsParameters,
  type DeployedContracts,
  deployContracts,
} from './deployContracts.js';
export { deployFartwinRevenueRelay } from './deployFartwinRevenueRelay.js';
export { deployGameLicenses } from './deployGameLicenses.js';
export { deployNodeBond, nodeBondDefaults } from './deployNodeBond.js';
export {
  deployResearchEscrow,
  type ResearchContracts,
  researchEscrowDefaults,
} from './deployResearchEscrow.js';
export { deployTournamentPool } from './deployTournamentPool.js';
export { devAccount, HARDHAT_DEV_MNEMONIC } from './devAccounts.js';
export { ContractsError, type ContractsErrorCode } from './errors/ContractsError.js';
export { type HandOverRolesParameters, handOverRoles, type RoleHolders } from './handOverRoles.js';
export { packSettlementEntry, unpackSettlementEntry } from './packSettlementEntry.js';
export { readDeployments } from './readDeployments.js';
export { type RevenueSplit, splitRevenue } from './splitRevenue.js';
export { writeDeployments } from './writeDeployments.js';
