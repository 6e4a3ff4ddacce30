// The browser-safe entry (`@far/contracts/browser`): ABIs, typed-data definitions and constants,
// nothing that reads files, holds bytecode or deploys. The web app imports only this; `index.ts`
// re-exports it for Node callers. browser.test.ts keeps Node-only modules out of its import graph.
export { farStakingAbi } from './abi/farStakingAbi.js';
export { farTokenAbi } from './abi/farTokenAbi.js';
export { inferencePaymentAbi } from './abi/inferencePaymentAbi.js';
export { priceFeedAbi } from './abi/priceFeedAbi.js';
export { type Deployments, type DeploymentsInput, deploymentsSchema } from './deploymentsSchema.js';
export { FAR_TOKEN_DOMAIN_NAME, FAR_TOKEN_DOMAIN_VERSION, farTokenDomain } from './farTokenDomain.js';
export { FAR_TOTAL_SUPPLY } from './farTotalSupply.js';
export { lockTiers } from './lockTiers.js';
export { type PermitMessage, permitPrimaryType, permitTypes } from './permitTypes.js';
export { revenueSourceId, serviceIdOfRevenueSource } from './revenueSourceId.js';
export {
  type PermitTypedData,
  type SignedPermit,
  type SignPermitTypedData,
  signPermit,
} from './signPermit.js';
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
