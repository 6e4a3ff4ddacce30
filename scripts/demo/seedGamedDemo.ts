import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { devAccount, gameLicensesAbi, readDeployments } from '@far/contracts';
import { createPublicClient, createWalletClient, http, parseEther } from 'viem';
import type { DemoSeed } from './DemoSeed.js';
import { signInToApi } from './gamed/signInToApi.js';
import { uploadDemoBuild } from './gamed/uploadDemoBuild.js';
import { writeDemoBuild } from './gamed/writeDemoBuild.js';

/** The demo game: its on-chain marker (metadata URI) finds it again on the next start. */
const demoGame = {
  slug: 'star-courier',
  title: 'Star Courier',
  metadataUri: 'far-gamed-demo:star-courier',
  priceWei: parseEther('25'),
  royaltyBps: 500,
  /** GameLicenses numbers platforms windows 0, macos 1, linux 2, web 3. */
  platform: { name: 'web', index: 3 },
} as const;

/** Dev account #3 is the demo studio. */
const studio = devAccount(3);

/**
 * Far GameD's demo: dev account #3, as a studio, registers "Star Courier" on `GameLicenses`,
 * creates its store page, uploads a web build made at start (a small ZIP under
 * `<dataDir>/demo/gamed/`) through the API and publishes its SHA-256 on chain. Each step looks for
 * what an earlier start did first, so a restart changes nothing.
 */
export const gamedDemoSeed: DemoSeed = {
  service: 'gamed',
  async seed(context) {
    const deployments = await readDeployments(context.deploymentsFile);
    const address = deployments.contracts.gameLicenses;
    if (!address) throw new Error('GameLicenses is not in the deployments file');
    const publicClient = createPublicClient({ transport: http(context.urls.chain) });
    const wallet = createWalletClient({ account: studio, transport: http(context.urls.chain) });
    const licenses = { address, abi: gameLicensesAbi } as const;
    const send = async (request: Parameters<typeof wallet.writeContract>[0]) => {
      const receipt = await publicClient.waitForTransactionReceipt({
        hash: await wallet.writeContract(request),
      });
      if (receipt.status !== 'success') throw new Error(`transaction ${receipt.transactionHash} reverted`);
    };

    let gameId = await findDemoGame(publicClient, licenses);
    if (gameId === undefined) {
      const { result } = await publicClient.simulateContract({
        ...licenses,
        account: studio,
        functionName: 'registerGame',
        args: [demoGame.priceWei, demoGame.royaltyBps, false, demoGame.metadataUri],
      });
      await send({
        ...licenses,
        chain: null,
        functionName: 'registerGame',
        args: [demoGame.priceWei, demoGame.royaltyBps, false, demoGame.metadataUri],
      });
      gameId = result;
      context.log(`  registered ${demoGame.title} as game ${gameId}`);
    }

    const api = context.urls.api;
    const accessToken = await signInToApi(api, studio, deployments.chainId);
    const pageId = await ensureDemoPage(api, accessToken, gameId);
    const fileName = `${demoGame.slug}-web.zip`;
    const bytes = await writeDemoBuild(join(context.dataDir, 'demo', 'gamed', fileName), demoGame.title);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await uploadDemoBuild(api, accessToken, pageId, {
      platform: demoGame.platform.name,
      fileName,
      bytes,
      sha256,
    });
    const published = await publicClient.readContract({
      ...licenses,
      functionName: 'buildHash',
      args: [gameId, demoGame.platform.index],
    });
    if (published !== `0x${sha256}`) {
      await send({
        ...licenses,
        chain: null,
        functionName: 'publishBuild',
        args: [
          gameId,
          demoGame.platform.index,
          `0x${sha256}`,
          BigInt(bytes.length),
          `far-gamed://${demoGame.slug}/web`,
        ],
      });
      context.log(`  published ${fileName} (sha256 ${sha256.slice(0, 12)}…)`);
    }
  },
};

/** The demo game if an earlier start registered it: the studio's game with the demo's metadata URI. */
async function findDemoGame(
  publicClient: ReturnType<typeof createPublicClient>,
  licenses: { address: `0x${string}`; abi: typeof gameLicensesAbi },
): Promise<bigint | undefined> {
  const count = await publicClient.readContract({ ...licenses, functionName: 'gameCount' });
  for (let id = 1n; id <= count; id++) {
    const [gameStudio] = await publicClient.readContract({ ...licenses, functionName: 'games', args: [id] });
    if (gameStudio.toLowerCase() !== studio.address.toLowerCase()) continue;
    if (
      (await publicClient.readContract({ ...licenses, functionName: 'uri', args: [id] })) ===
      demoGame.metadataUri
    ) {
      return id;
    }
  }
  return undefined;
}

/**
 * The demo game's store page: found by its slug, or created as the studio. A game registered moments
 * ago is read from the contract by the API until its chain mirror has it, so one try is enough.
 */
async function ensureDemoPage(api: string, accessToken: string, gameId: bigint): Promise<string> {
  const page = await findOrCreateDemoPage(api, accessToken, gameId);
  if (typeof page === 'string') return page;
  throw new Error(`creating the demo page: ${page.status} ${await page.text()}`);
}

/** The page's id, or the API's refusal to create it. */
async function findOrCreateDemoPage(
  api: string,
  accessToken: string,
  gameId: bigint,
): Promise<string | Response> {
  const found = await fetch(`${api}/api/gamed/games/${demoGame.slug}`);
  if (found.ok) return ((await found.json()) as { id: string }).id;
  const created = await fetch(`${api}/api/gamed/games`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      chainGameId: gameId.toString(),
      slug: demoGame.slug,
      title: demoGame.title,
      tagline: 'Deliver stars across a tiny galaxy. A web game you own as a token.',
      description:
        'Star Courier is the Far GameD demo: a one-page web game whose licence is an ERC-1155 token. Buy it with FAR, download the build and check it against the SHA-256 the studio published on chain, refund it within 14 days, or resell it on the marketplace (5 % royalty to the studio).',
      genres: ['arcade', 'casual'],
      studioName: 'Far Demo Studio',
    }),
  });
  return created.ok ? ((await created.json()) as { id: string }).id : created;
}
