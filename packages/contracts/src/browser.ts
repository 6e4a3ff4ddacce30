// The browser-safe entry (`@far/contracts/browser`): ABIs, typed-data definitions and constants,
// nothing that reads files, holds bytecode or deploys. The web app imports only this; `index.ts`
// re-exports it for Node callers. browser.test.ts keeps Node-only modules out of its import graph.
// Its modules import each other without the `.js` extension used elsewhere in this package: the
// web app's bundler (Turbopack, Next 16) does not map `./x.js` to `x.ts` (vercel/next.js#82945).
export { farStakingAbi } from './abi/farStakingAbi';
export { farTokenAbi } from './abi/farTokenAbi';
export { gameLicensesAbi } from './abi/gameLicensesAbi';
export { inferencePaymentAbi } from './abi/inferencePaymentAbi';
export { nodeBondAbi } from './abi/nodeBondAbi';
export { priceFeedAbi } from './abi/priceFeedAbi';
export { publicationRegistryAbi } from './abi/publicationRegistryAbi';
export { researchEscrowAbi } from './abi/researchEscrowAbi';
export { revenueRelayAbi } from './abi/revenueRelayAbi';
export { timelockAbi } from './abi/timelockAbi';
export { tournamentPoolAbi } from './abi/tournamentPoolAbi';
export {
  ADMIN_ACTION_DOMAIN_NAME,
  ADMIN_ACTION_DOMAIN_VERSION,
  type AdminActionMessage,
  adminActionDomain,
  adminActionParamsHash,
  adminActionPrimaryType,
  adminActionTypes,
} from './adminActionTypedData';
export { type Deployments, type DeploymentsInput, deploymentsSchema } from './deploymentsSchema';
export { FAR_ROLES, type FarRole, LOCAL_ROLE_ACCOUNTS } from './farRoles';
export { FAR_TOKEN_DOMAIN_NAME, FAR_TOKEN_DOMAIN_VERSION, farTokenDomain } from './farTokenDomain';
export { FAR_TOTAL_SUPPLY } from './farTotalSupply';
export { lockTiers } from './lockTiers';
export {
  type MilestoneReviewMessage,
  milestoneReviewPrimaryType,
  milestoneReviewTypes,
  RESEARCH_ESCROW_DOMAIN_NAME,
  RESEARCH_ESCROW_DOMAIN_VERSION,
  researchEscrowDomain,
} from './milestoneReviewTypedData';
export { nodeBondKey } from './nodeBondKey';
export { type PermitMessage, permitPrimaryType, permitTypes } from './permitTypes';
export {
  planTournamentPayouts,
  type TournamentPayoutPlan,
  type TournamentPayoutTerms,
} from './planTournamentPayouts';
export { DEFAULT_PRICE_GUARDS, type PriceGuards } from './priceGuards';
export { revenueSourceId, serviceIdOfRevenueSource } from './revenueSourceId';
export {
  type PermitTypedData,
  type SignedPermit,
  type SignPermitTypedData,
  signPermit,
} from './signPermit';
export {
  type SignTournamentResultTypedData,
  signTournamentResult,
  type TournamentResultTypedData,
} from './signTournamentResult';
export {
  SPENDING_AUTHORIZATION_DOMAIN_NAME,
  SPENDING_AUTHORIZATION_DOMAIN_VERSION,
  spendingAuthorizationDomain,
} from './spendingAuthorizationDomain';
export {
  type SpendingAuthorization,
  spendingAuthorizationPrimaryType,
  spendingAuthorizationTypes,
} from './spendingAuthorizationTypes';
export {
  GAMED_DEFAULT_FEE,
  type GameResaleSplit,
  type GameSaleFee,
  type GameSaleSplit,
  splitGameResale,
  splitGameSale,
} from './splitGameSale';
export { type TimelockOperation, timelockOperation } from './timelockOperation';
export {
  TOURNAMENT_POOL_DOMAIN_NAME,
  TOURNAMENT_POOL_DOMAIN_VERSION,
  tournamentPoolDomain,
} from './tournamentPoolDomain';
export {
  type TournamentResult,
  tournamentResultPrimaryType,
  tournamentResultTypes,
} from './tournamentResultTypes';
export {
  DEFAULT_MINIMUM_BONDS,
  describeVramClass,
  VRAM_CLASS_COUNT,
  VRAM_CLASS_LIMITS_GB,
  vramClassOf,
} from './vramClasses';
