import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Deployments, deployContracts, devAccount, farTokenAbi, gameLicensesAbi } from '@far/contracts';
import { createInProcessChain, type InProcessChain } from '@far/contracts/testing';
import { createTestDb, type Db, type TestDbHandle } from '@far/db';
import { type Address, parseEther, toHex } from 'viem';
import { createApp } from '../../src/app.js';
import { createDbNonceStore } from '../../src/auth/nonceStore.js';
import { createMemoryRateLimiter } from '../../src/auth/rateLimiter.js';
import type { Bus } from '../../src/bus/Bus.js';
import { createInProcessBus } from '../../src/bus/createInProcessBus.js';
import { parseConfig } from '../../src/config/parseConfig.js';
import { createLogger } from '../../src/observability/createLogger.js';
import { createMetrics } from '../../src/observability/createMetrics.js';
import type { BuildStorage } from '../../src/services/gamed/builds/BuildStorage.js';
import { createLocalBuildStorage } from '../../src/services/gamed/builds/createLocalBuildStorage.js';
import { readLicenseHolder } from '../../src/services/gamed/chain/readLicenseHolder.js';
import { startGamedChainFollower } from '../../src/services/gamed/chain/startGamedChainFollower.js';
import { createGamedChain } from '../../src/services/gamed/createGamedChain.js';
import { downloadSecret } from '../../src/services/gamed/downloads/downloadToken.js';
import { type GamedRouteDeps, gamedRoutes } from '../../src/services/gamed/gamedRoutes.js';
import { TEST_JWT_SECRET } from '../support/createTestApp.js';
import { signIn } from '../support/signIn.js';

/** The chain follower over `GameLicenses` into `db` (synced on demand), and the routes' view of its mirror. */
async function followGameLicenses(
  db: Db,
  chain: InProcessChain,
  contract: { licenses: Address; deployBlock: bigint; bus: Bus },
) {
  const { licenses, deployBlock } = contract;
  const deployments = {
    chainId: await chain.publicClient.getChainId(),
    deployBlock: Number(deployBlock),
    contracts: { gameLicenses: licenses },
  } as unknown as Deployments;
  const core = { db, chain: chain.publicClient, deployments };
  const follower = startGamedChainFollower(
    {
      ...core,
      logger: createLogger('silent'),
      config: { CHAIN_CONFIRMATIONS: 1 },
      bus: contract.bus,
    },
    { poll: false },
  );
  if (!follower) throw new Error('no gamed chain follower');
  const gamedChain = createGamedChain(core, {
    address: licenses,
    holdsLicense: async (gameId, wallet) => (await readLicenseHolder(core, gameId, wallet)).holds,
  });
  return { gamedChain, follower };
}

/** The real app with only Far GameD's routes, over `database`. */
function gamedTestApp(database: TestDbHandle, dataDir: string, deps: GamedRouteDeps) {
  return createApp({
    config: parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir }),
    db: database.db,
    logger: createLogger('silent'),
    metrics: createMetrics(),
    nonces: createDbNonceStore(database.db),
    rateLimiter: createMemoryRateLimiter(),
    jwtSecret: TEST_JWT_SECRET,
    readiness: { database: () => database.ping() },
    routes: (root, { requireCaller }) => {
      root.route('/', gamedRoutes(deps, requireCaller));
    },
  });
}

/**
 * Far GameD's routes on the real app over a fresh database, with `GameLicenses` deployed on the
 * in-process chain and builds in a temporary folder (or the storage given). Dev account 3 is the
 * studio; 4 and 5 are players holding FAR. Every chain action is a real transaction, and the chain
 * follower mirrors it before the helper returns (as the running service's follower does within a
 * second), so the routes read the mirror as they do in production. The follower rings `options.bus`.
 */
export async function startGamedTestbed(
  options: { storage?: BuildStorage; partSizeBytes?: number; bus?: Bus } = {},
) {
  const chain = await createInProcessChain();
  const [deployer, treasury] = chain.accounts as [Address, Address];
  const deployed = await deployContracts({
    walletClient: chain.walletFor(deployer),
    publicClient: chain.publicClient,
    treasury,
  });
  const licenses = deployed.serviceContracts.gameLicenses;
  if (!licenses) throw new Error('deployContracts did not deploy GameLicenses');
  const [studio, alice, bob] = [3, 4, 5].map((i) => devAccount(i).address) as [Address, Address, Address];
  const database = await createTestDb();
  const { gamedChain, follower } = await followGameLicenses(database.db, chain, {
    licenses,
    deployBlock: deployed.deployBlock,
    bus: options.bus ?? createInProcessBus(),
  });
  const send = async (from: Address, request: Record<string, unknown>) => {
    const hash = await chain.walletFor(from).writeContract(request as never);
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`);
    await follower.syncOnce();
    return receipt;
  };
  const token = { address: deployed.farToken, abi: farTokenAbi } as const;
  const gameLicenses = { address: licenses, abi: gameLicensesAbi } as const;
  for (const player of [alice, bob])
    await send(deployer, { ...token, functionName: 'transfer', args: [player, parseEther('1000')] });

  const dataDir = await mkdtemp(join(tmpdir(), 'far-gamed-test-'));
  const storage = options.storage ?? createLocalBuildStorage(join(dataDir, 'builds'));
  const app = gamedTestApp(database, dataDir, {
    db: database.db,
    storage,
    chain: gamedChain,
    downloadSecret: downloadSecret(undefined, TEST_JWT_SECRET),
    partSizeBytes: options.partSizeBytes ?? 64 * 1024,
  });

  const privateKeyOf = (address: Address) => {
    const index = [studio, alice, bob].indexOf(address) + 3;
    return toHex(devAccount(index).getHdKey().privateKey as Uint8Array);
  };
  /** Signs `who` in and returns the Authorization header for their requests. */
  const authAs = async (who: Address) => {
    const session = await signIn(app, privateKeyOf(who));
    return { authorization: `Bearer ${session.accessToken}` };
  };

  return {
    app,
    db: database.db,
    chain,
    storage,
    studio,
    alice,
    bob,
    gameLicenses,
    token,
    follower,
    authAs,
    send,
    /** The studio registers a transferable game at `price` with a 5 % royalty; returns its id. */
    async registerGame(price: bigint, soulbound = false) {
      const next =
        (await chain.publicClient.readContract({ ...gameLicenses, functionName: 'gameCount' })) + 1n;
      await send(studio, {
        ...gameLicenses,
        functionName: 'registerGame',
        args: [price, 500, soulbound, 'ipfs://meta'],
      });
      return next;
    },
    async publishBuild(gameId: bigint, platform: number, sha256: string, sizeBytes: number) {
      await send(studio, {
        ...gameLicenses,
        functionName: 'publishBuild',
        args: [gameId, platform, `0x${sha256}`, BigInt(sizeBytes), 'far-gamed://build'],
      });
    },
    /** `player` approves and buys a licence; returns the purchase id. */
    async buy(player: Address, gameId: bigint, price: bigint) {
      const next =
        (await chain.publicClient.readContract({ ...gameLicenses, functionName: 'purchaseCount' })) + 1n;
      await send(player, { ...token, functionName: 'approve', args: [licenses, price] });
      await send(player, { ...gameLicenses, functionName: 'buy', args: [gameId, price] });
      return next;
    },
    async refund(player: Address, purchaseId: bigint) {
      await send(player, { ...gameLicenses, functionName: 'refund', args: [purchaseId] });
    },
    /** `seller` lists their licence and `buyer` buys it on the marketplace. */
    async resell(seller: Address, buyer: Address, gameId: bigint, price: bigint) {
      const listingId =
        (await chain.publicClient.readContract({ ...gameLicenses, functionName: 'listingCount' })) + 1n;
      await send(seller, { ...gameLicenses, functionName: 'list', args: [gameId, price] });
      await send(buyer, { ...token, functionName: 'approve', args: [licenses, price] });
      await send(buyer, { ...gameLicenses, functionName: 'buyListing', args: [listingId, price] });
    },
    async close() {
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type GamedTestbed = Awaited<ReturnType<typeof startGamedTestbed>>;
