/**
 * Deploys (or reuses) the contracts on a local chain for `npm start`.
 *
 *   npx tsx packages/contracts/scripts/deployLocal.ts [--rpc-url URL] [--out FILE]
 *
 * Env: CHAIN_RPC_URL (default http://127.0.0.1:8545), DEPLOYMENTS_FILE (default
 * <repo>/.far/deployments/<chainId>.json), COORDINATOR_ADDRESS (default dev account 0),
 * TREASURY_ADDRESS (default dev account 0), FAR_PRICE_USD (default 0.10), FAR_TIMELOCK_DELAY_SECONDS
 * (default 60: the treasurer's timelocked actions wait this long locally; 48 h on BSC).
 * Uses the standard Hardhat dev mnemonic; funds dev accounts 0–9 with 100,000 FAR each. The roles go to
 * dev accounts #10 admin, #11 operator, #12 treasurer (through the timelock), #13 price keeper; #0 stays
 * deployer, coordinator (oracle) and treasury.
 */
import { parseArgs } from 'node:util';
import { createPublicClient, createWalletClient, getAddress, http, parseUnits } from 'viem';
import { hardhat } from 'viem/chains';
import { z } from 'zod';
import { devAccount } from '../src/devAccounts.js';
import { ensureLocalDeployment } from './ensureLocalDeployment.js';

const repoRoot = new URL('../../../', import.meta.url).pathname;

const { values } = parseArgs({
  options: { 'rpc-url': { type: 'string' }, out: { type: 'string' } },
});
const env = z
  .object({
    CHAIN_RPC_URL: z.url().default('http://127.0.0.1:8545'),
    DEPLOYMENTS_FILE: z.string().optional(),
    COORDINATOR_ADDRESS: z
      .string()
      .transform((value) => getAddress(value))
      .optional(),
    TREASURY_ADDRESS: z
      .string()
      .transform((value) => getAddress(value))
      .optional(),
    FAR_PRICE_USD: z
      .string()
      .regex(/^\d+(\.\d{1,8})?$/)
      .default('0.10'),
    FAR_TIMELOCK_DELAY_SECONDS: z.coerce.bigint().positive().default(60n),
  })
  .parse(process.env);

const rpcUrl = values['rpc-url'] ?? env.CHAIN_RPC_URL;
const devAccounts = Array.from({ length: 10 }, (_, index) => devAccount(index));
const deployer = devAccounts[0];
if (!deployer) throw new Error('no dev account');
const transport = http(rpcUrl);
const publicClient = createPublicClient({ chain: hardhat, transport, pollingInterval: 100 });
const chainId = await publicClient.getChainId().catch((error: unknown) => {
  console.error(`No chain at ${rpcUrl} (start one with: npm run chain -w @far/contracts)`);
  throw error;
});
const chain = { ...hardhat, id: chainId };
const walletClient = createWalletClient({ account: deployer, chain, transport });
const path = values.out ?? env.DEPLOYMENTS_FILE ?? `${repoRoot}.far/deployments/${chainId}.json`;

const { deployments, reused } = await ensureLocalDeployment({
  publicClient: createPublicClient({ chain, transport, pollingInterval: 100 }),
  walletClient,
  path,
  ...(env.COORDINATOR_ADDRESS ? { coordinator: env.COORDINATOR_ADDRESS } : {}),
  ...(env.TREASURY_ADDRESS ? { treasury: env.TREASURY_ADDRESS } : {}),
  fundAccounts: devAccounts.map((account) => account.address),
  price: parseUnits(env.FAR_PRICE_USD, 8),
  timelockDelay: env.FAR_TIMELOCK_DELAY_SECONDS,
  log: (line) => console.log(`[contracts] ${line}`),
});
console.log(
  `[contracts] ${reused ? 'reused' : 'deployed'} on chain ${chainId}: ${JSON.stringify(deployments.contracts)}`,
);
