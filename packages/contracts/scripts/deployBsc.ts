/**
 * Deploys the contracts to BNB Smart Chain testnet (97) or mainnet (56) and writes
 * packages/contracts/deployments/<chainId>.json.
 *
 *   BSC_RPC_URL=https://data-seed-prebsc-1-s1.bnbchain.org:8545 DEPLOYER_PRIVATE_KEY=0x… \
 *   TREASURY_ADDRESS=0x… COORDINATOR_ADDRESS=0x… ADMIN_MULTISIG_ADDRESS=0x… OPERATOR_ADDRESS=0x… \
 *   TREASURER_ADDRESS=0x… PRICE_KEEPER_ADDRESS=0x… npx tsx packages/contracts/scripts/deployBsc.ts
 *
 * Roles (README, "Roles"): ADMIN_MULTISIG_ADDRESS (a multisig contract, e.g. a Safe; the script refuses
 * to deploy without one, or with an address that has no code) gets DEFAULT_ADMIN_ROLE everywhere and must
 * then call `acceptOwnership` on PublicationRegistry and GameLicenses; OPERATOR_ADDRESS
 * pauses and decides disputes; TREASURER_ADDRESS proposes and executes the FarTimelock's operations (the
 * timelock holds FARStaking's TREASURER_ROLE: reward rate, revenue duration, reserve withdrawal, and
 * ResearchEscrow's and TournamentPool's: their fee terms) after
 * TIMELOCK_DELAY_SECONDS (default 172800 = 48 h); PRICE_KEEPER_ADDRESS sets the AdminPriceFeed (when one
 * is deployed) within PRICE_MIN_USD..PRICE_MAX_USD (0.0001..1000) and PRICE_MAX_DEVIATION_BPS (5000) per
 * update. The deployer keeps no role.
 *
 * Optional: FAR_DISTRIBUTION_ADDRESS (receives the 1e27 supply; default the deployer),
 * PRICE_FEED_ADDRESS (a Chainlink FAR/USD aggregator; without it an AdminPriceFeed is deployed with
 * FAR_PRICE_USD), MAX_PRICE_AGE_SECONDS (3600), TASK_TIMEOUT_SECONDS (3600), REWARD_RATE_BPS (100),
 * REVENUE_DURATION_SECONDS (604800). Refuses to overwrite an existing deployment whose contracts are live
 * unless --force.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createPublicClient, createWalletClient, getAddress, http, parseUnits } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { bsc, bscTestnet } from 'viem/chains';
import { z } from 'zod';
import { deployContracts } from '../src/deployContracts.js';
import { handOverRoles } from '../src/handOverRoles.js';
import { readDeployments } from '../src/readDeployments.js';
import { writeDeployments } from '../src/writeDeployments.js';

const address = z.string().transform((value) => getAddress(value));
const seconds = z.coerce.bigint().positive();
const usd = z.string().regex(/^\d+(\.\d{1,8})?$/);
const env = z
  .object({
    BSC_RPC_URL: z.url(),
    DEPLOYER_PRIVATE_KEY: z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'a 0x-prefixed 32-byte hex key'),
    TREASURY_ADDRESS: address,
    COORDINATOR_ADDRESS: address,
    FAR_DISTRIBUTION_ADDRESS: address.optional(),
    PRICE_FEED_ADDRESS: address.optional(),
    FAR_PRICE_USD: usd.default('0.10'),
    MAX_PRICE_AGE_SECONDS: seconds.default(3600n),
    TASK_TIMEOUT_SECONDS: seconds.default(3600n),
    REWARD_RATE_BPS: z.coerce.bigint().min(0n).max(10_000n).default(100n),
    REVENUE_DURATION_SECONDS: seconds.default(604_800n),
    ADMIN_MULTISIG_ADDRESS: address,
    OPERATOR_ADDRESS: address,
    TREASURER_ADDRESS: address,
    PRICE_KEEPER_ADDRESS: address,
    TIMELOCK_DELAY_SECONDS: seconds.default(172_800n),
    PRICE_MIN_USD: usd.default('0.0001'),
    PRICE_MAX_USD: usd.default('1000'),
    PRICE_MAX_DEVIATION_BPS: z.coerce.bigint().min(0n).max(10_000n).default(5_000n),
  })
  .parse(process.env);
const { values } = parseArgs({ options: { force: { type: 'boolean', default: false } } });

const transport = http(env.BSC_RPC_URL);
const chainId = await createPublicClient({ transport }).getChainId();
const chain = chainId === 56 ? bsc : chainId === 97 ? bscTestnet : undefined;
if (!chain) throw new Error(`BSC_RPC_URL points at chain ${chainId}; expected 56 (BSC) or 97 (BSC testnet)`);
const publicClient = createPublicClient({ chain, transport });
const walletClient = createWalletClient({
  account: privateKeyToAccount(env.DEPLOYER_PRIVATE_KEY as `0x${string}`),
  chain,
  transport,
});
const path = new URL(`../deployments/${chainId}.json`, import.meta.url).pathname;

if (existsSync(path) && !values.force) {
  const existing = await readDeployments(path);
  const code = await publicClient.getCode({ address: existing.contracts.inferencePayment });
  if (code && code !== '0x')
    throw new Error(`${path} already points at live contracts; pass --force to redeploy`);
}

const multisigCode = await publicClient.getCode({ address: env.ADMIN_MULTISIG_ADDRESS });
if (!multisigCode || multisigCode === '0x') {
  throw new Error(
    `ADMIN_MULTISIG_ADDRESS ${env.ADMIN_MULTISIG_ADDRESS} has no code on chain ${chainId}: the admin must be a multisig contract`,
  );
}

const deployed = await deployContracts({
  walletClient,
  publicClient,
  treasury: env.TREASURY_ADDRESS,
  coordinator: env.COORDINATOR_ADDRESS,
  ...(env.FAR_DISTRIBUTION_ADDRESS ? { distribution: env.FAR_DISTRIBUTION_ADDRESS } : {}),
  ...(env.PRICE_FEED_ADDRESS ? { priceFeed: env.PRICE_FEED_ADDRESS } : {}),
  initialPrice: parseUnits(env.FAR_PRICE_USD, 8),
  priceGuards: {
    minAnswer: parseUnits(env.PRICE_MIN_USD, 8),
    maxAnswer: parseUnits(env.PRICE_MAX_USD, 8),
    maxDeviationBps: env.PRICE_MAX_DEVIATION_BPS,
  },
  maxPriceAge: env.MAX_PRICE_AGE_SECONDS,
  taskTimeout: env.TASK_TIMEOUT_SECONDS,
  rewardRateBps: env.REWARD_RATE_BPS,
  revenueDuration: env.REVENUE_DURATION_SECONDS,
});
const contracts = {
  farToken: deployed.farToken,
  farStaking: deployed.farStaking,
  inferencePayment: deployed.inferencePayment,
  priceFeed: deployed.priceFeed,
  ...deployed.serviceContracts,
};
const { timelock } = await handOverRoles({
  walletClient,
  publicClient,
  contracts,
  holders: {
    admin: env.ADMIN_MULTISIG_ADDRESS,
    operator: env.OPERATOR_ADDRESS,
    treasurer: env.TREASURER_ADDRESS,
    priceKeeper: env.PRICE_KEEPER_ADDRESS,
    oracle: env.COORDINATOR_ADDRESS,
  },
  timelockDelay: env.TIMELOCK_DELAY_SECONDS,
});
await writeDeployments(path, {
  chainId,
  deployBlock: Number(deployed.deployBlock),
  deployedAt: new Date().toISOString(),
  deployer: deployed.deployer,
  treasury: deployed.treasury,
  coordinator: deployed.coordinator,
  contracts: { ...contracts, timelock },
});
console.log(`deployed to ${chain.name}; wrote ${path}`);
console.log(
  `roles handed over; the admin multisig must now call acceptOwnership() on ${[contracts.publicationRegistry, contracts.gameLicenses].filter(Boolean).join(', ')}`,
);
