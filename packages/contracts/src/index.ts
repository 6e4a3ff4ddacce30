export { farStakingAbi } from './abi/farStakingAbi.js';
export { farTokenAbi } from './abi/farTokenAbi.js';
export { inferencePaymentAbi } from './abi/inferencePaymentAbi.js';
export { priceFeedAbi } from './abi/priceFeedAbi.js';
export {
  buildSettlementBatch,
  type SettlementBatch,
  type SettlementCharge,
} from './buildSettlementBatch.js';
export { farStakingBytecode } from './bytecode/farStakingBytecode.js';
export { farTokenBytecode } from './bytecode/farTokenBytecode.js';
export { inferencePaymentBytecode } from './bytecode/inferencePaymentBytecode.js';
export { priceFeedBytecode } from './bytecode/priceFeedBytecode.js';
export {
  type DeployContractsParameters,
  type DeployedContracts,
  deployContracts,
} from './deployContracts.js';
export { type Deployments, type DeploymentsInput, deploymentsSchema } from './deploymentsSchema.js';
export { devAccount, HARDHAT_DEV_MNEMONIC } from './devAccounts.js';
export { ContractsError, type ContractsErrorCode } from './errors/ContractsError.js';
export { packSettlementEntry, unpackSettlementEntry } from './packSettlementEntry.js';
export { readDeployments } from './readDeployments.js';
export {
  SPENDING_AUTHORIZATION_DOMAIN_NAME,
  SPENDING_AUTHORIZATION_DOMAIN_VERSION,
  spendingAuthorizationDomain,
} from './spendingAuthorizationDomain.js';
export {
  type SpendingAuthorization,
  spendingAuthorizationPrimaryType,
  spendingAuthorizationTypes,
} from './spendingAuthorizationTypes.js';
export { type RevenueSplit, splitRevenue } from './splitRevenue.js';
export { writeDeployments } from './writeDeployments.js';
/** 1,000,000,000 FAR in wei: FARToken's fixed supply. */
export const FAR_TOTAL_SUPPLY = 10n ** 27n;
/** The lock tiers FARStaking accepts: index = `lockTier`. */
export const lockTiers = [
  { lockTier: 0, days: 0, multiplierBps: 10_000 },
  { lockTier: 1, days: 30, multiplierBps: 11_000 },
  { lockTier: 2, days: 90, multiplierBps: 12_500 },
  { lockTier: 3, days: 180, multiplierBps: 15_000 },
  { lockTier: 4, days: 365, multiplierBps: 20_000 },
] as const;
