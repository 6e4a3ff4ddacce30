import { createHash, randomBytes } from 'node:crypto';
import { gamedBuildUploads, gamedDownloads } from '@far/db';
import { eq } from 'drizzle-orm';
import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPage, uploadBuild } from './gamedUploadFlow.js';
import { type GamedTestbed, startGamedTestbed } from './startGamedTestbed.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const price = parseEther('12');

let bed: GamedTestbed;
let studioAuth: Record<string, string>;
beforeAll(async () => {
  bed = await startGamedTestbed();
  studioAuth = await bed.authAs(bed.studio);
}, 120_000);
afterAll(() => bed?.close());

describe('Far GameD store pages', () => {
  it('lets only the on-chain studio create a game page, once per game and slug', async () => {
    const gameId = await bed.registerGame(price);
    const stranger = await bed.authAs(bed.alice);
    const refused = await createPage(bed, stranger, gameId);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { details: { reason: string } } }).error.details.reason).toBe(
      'not_studio',
    );
    expect((await createPage(bed, studioAuth, 999n)).status).toBe(404);

    const created = await createPage(bed, studioAuth, gameId, { title: 'Star Courier', genres: ['racing'] });
    expect(created.status).toBe(201);
    const game = (await created.json()) as {
      priceWei: string;
      studio: { wallet: string };
      builds: unknown[];
    };
    expect(game.priceWei).toBe(price.toString());
    expect(game.studio.wallet).toBe(bed.studio);
    expect(game.builds).toEqual([]);
    expect((await createPage(bed, studioAuth, gameId, { slug: 'another' })).status).toBe(409);
  });

  it('searches, filters and sorts the catalogue by the prices and sales on chain', async () => {
    const cheap = await bed.registerGame(parseEther('1'));
    await createPage(bed, studioAuth, cheap, { title: 'Pocket Puzzles', genres: ['puzzle'] });
    await bed.buy(bed.bob, cheap, parseEther('1'));
    const list = async (query: string) =>
      (
        (await (await bed.app.request(`/api/gamed/games?${query}`)).json()) as { data: { title: string }[] }
      ).data.map((game) => game.title);
    expect(await list('q=courier')).toEqual(['Star Courier']);
    expect(await list('genre=puzzle')).toEqual(['Pocket Puzzles']);
    expect(await list(`maxPriceWei=${parseEther('5')}`)).toEqual(['Pocket Puzzles']);
    expect((await list('sort=price_high'))[0]).toBe('Star Courier');
    expect((await list('sort=best_selling'))[0]).toBe('Pocket Puzzles');
  });

  it('saves and shows the page of a game registered moments ago, before the chain mirror has it', async () => {
    const next =
      (await bed.chain.publicClient.readContract({ ...bed.gameLicenses, functionName: 'gameCount' })) + 1n;
    // Mined, but the follower has not run: the mirror does not know the game yet.
    const hash = await bed.chain.walletFor(bed.studio).writeContract({
      ...bed.gameLicenses,
      functionName: 'registerGame',
      args: [parseEther('3'), 250, true, 'ipfs://fresh'],
    });
    await bed.chain.publicClient.waitForTransactionReceipt({ hash });
    const stranger = await bed.authAs(bed.alice);
    expect((await createPage(bed, stranger, next, { slug: 'fresh-not-mine' })).status).toBe(403);

    const created = await createPage(bed, studioAuth, next, { title: 'Fresh Game', slug: 'fresh-game' });
    expect(created.status).toBe(201);
    const expected = { priceWei: parseEther('3').toString(), royaltyBps: 250, soulbound: true, sold: 0 };
    expect(await created.json()).toMatchObject(expected);
    const shown = await bed.app.request('/api/gamed/games/fresh-game');
    expect(shown.status).toBe(200);
    expect(await shown.json()).toMatchObject(expected);

    await bed.follower.syncOnce();
    expect(await (await bed.app.request('/api/gamed/games/fresh-game')).json()).toMatchObject(expected);
  });
});

describe('Far GameD builds and downloads', () => {
  let gameId: bigint;
  let pageId: string;
  let file: Uint8Array;
  let purchaseId: bigint;

  beforeAll(async () => {
    gameId = await bed.registerGame(price);
    pageId = ((await (await createPage(bed, studioAuth, gameId)).json()) as { id: string }).id;
    file = randomBytes(200_000);
  });

  it('hashes a build as its parts arrive and shows the published hash on the game page', async () => {
    const { upload, progress } = await uploadBuild(bed, studioAuth, pageId, {
      platform: 'linux',
      fileName: 'game.tar.gz',
      bytes: file,
    });
    expect(progress).toEqual([65_536, 131_072, 196_608, 200_000]);
    expect(upload.sha256).toBe(sha256(file));
    await bed.publishBuild(gameId, 2, upload.sha256, file.length);
    const page = (await (await bed.app.request(`/api/gamed/games/game-${gameId}`)).json()) as {
      builds: { platform: string; sha256: string; version: number }[];
    };
    expect(page.builds).toEqual([
      expect.objectContaining({ platform: 'linux', sha256: sha256(file), version: 1 }),
    ]);
  });

  it('refuses parts out of order or of the wrong length, and files too large or of the wrong type', async () => {
    const start = (body: Record<string, unknown>) =>
      bed.app.request(`/api/gamed/games/${pageId}/uploads`, {
        method: 'POST',
        headers: { ...studioAuth, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await start({ platform: 'web', fileName: 'game.exe', sizeBytes: 10 })).status).toBe(415);
    expect((await start({ platform: 'web', fileName: 'game.zip', sizeBytes: 2 * 1024 ** 3 })).status).toBe(
      413,
    );
    const upload = (await (
      await start({ platform: 'web', fileName: 'game.zip', sizeBytes: 100 })
    ).json()) as { id: string };
    const put = (part: number, bytes: Uint8Array) =>
      bed.app.request(`/api/gamed/uploads/${upload.id}/parts/${part}`, {
        method: 'PUT',
        headers: { ...studioAuth, 'content-type': 'application/octet-stream' },
        body: bytes,
      });
    expect((await put(2, new Uint8Array(100))).status).toBe(409);
    expect((await put(1, new Uint8Array(99))).status).toBe(422);
    const complete = await bed.app.request(`/api/gamed/uploads/${upload.id}/complete`, {
      method: 'POST',
      headers: studioAuth,
    });
    expect(complete.status).toBe(409);
    const other = await bed.authAs(bed.alice);
    expect(
      (
        await bed.app.request(`/api/gamed/uploads/${upload.id}/parts/1`, {
          method: 'PUT',
          headers: other,
          body: new Uint8Array(100),
        })
      ).status,
    ).toBe(404);
  });

  const requestDownload = async (auth: Record<string, string>) =>
    bed.app.request(`/api/gamed/games/${pageId}/download`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ platform: 'linux' }),
    });

  it('gives no download without a licence', async () => {
    const response = await requestDownload(await bed.authAs(bed.alice));
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { details: { reason: string } } }).error.details.reason).toBe(
      'license_required',
    );
  });

  it("serves a holder the published build, logs it, and stops the holder's URL once the licence is resold", async () => {
    purchaseId = await bed.buy(bed.alice, gameId, price);
    const alice = await bed.authAs(bed.alice);
    const issued = (await (await requestDownload(alice)).json()) as { url: string; sha256: string };
    expect(issued.sha256).toBe(sha256(file));
    const download = await bed.app.request(issued.url);
    expect(download.status).toBe(200);
    expect(sha256(new Uint8Array(await download.arrayBuffer()))).toBe(issued.sha256);
    expect(
      await bed.db.select().from(gamedDownloads).where(eq(gamedDownloads.wallet, bed.alice.toLowerCase())),
    ).toHaveLength(1);

    const library = (await (await bed.app.request('/api/gamed/library', { headers: alice })).json()) as {
      data: { id: string }[];
    };
    expect(library.data.map((game) => game.id)).toContain(pageId);

    await bed.resell(bed.alice, bed.bob, gameId, parseEther('8'));
    expect((await bed.app.request(issued.url)).status).toBe(403);
    expect((await requestDownload(alice)).status).toBe(403);
    const bob = await bed.authAs(bed.bob);
    const bobs = (await (await requestDownload(bob)).json()) as { url: string };
    expect((await bed.app.request(bobs.url)).status).toBe(200);
  });

  it('stops a URL once the licence is refunded', async () => {
    const refundGame = await bed.registerGame(price);
    const refundPage = ((await (await createPage(bed, studioAuth, refundGame)).json()) as { id: string }).id;
    const bytes = randomBytes(1_000);
    const { upload } = await uploadBuild(bed, studioAuth, refundPage, {
      platform: 'web',
      fileName: 'web.zip',
      bytes,
    });
    await bed.publishBuild(refundGame, 3, upload.sha256, bytes.length);
    const buyer = await bed.buy(bed.alice, refundGame, price);
    const alice = await bed.authAs(bed.alice);
    const issued = (await (
      await bed.app.request(`/api/gamed/games/${refundPage}/download`, {
        method: 'POST',
        headers: { ...alice, 'content-type': 'application/json' },
        body: JSON.stringify({ platform: 'web' }),
      })
    ).json()) as { url: string };
    expect((await bed.app.request(issued.url)).status).toBe(200);
    await bed.refund(bed.alice, buyer);
    expect((await bed.app.request(issued.url)).status).toBe(403);
  });

  it('refuses a URL whose signature was tampered with', async () => {
    const bob = await bed.authAs(bed.bob);
    const { url } = (await (await requestDownload(bob)).json()) as { url: string };
    const [payload, signature] = url.split('/').at(-1)?.split('.') ?? [];
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, wallet: bed.alice.toLowerCase() })).toString(
      'base64url',
    );
    expect((await bed.app.request(`/api/gamed/downloads/${forged}.${signature}`)).status).toBe(403);
  });

  it('lets the player detect a tampered build: its bytes no longer match the hash on chain', async () => {
    const [stored] = await bed.db
      .select()
      .from(gamedBuildUploads)
      .where(eq(gamedBuildUploads.sha256, sha256(file)));
    if (!stored) throw new Error('build not stored');
    // Someone with access to the storage swaps the file for one of the same size.
    const swapped = randomBytes(file.length);
    await bed.storage.putPart(stored.storageKey, 1, swapped);
    await bed.storage.assemble(stored.storageKey, 1);
    const bob = await bed.authAs(bed.bob);
    const issued = (await (await requestDownload(bob)).json()) as { url: string; sha256: string };
    const onChain = await bed.chain.publicClient.readContract({
      ...bed.gameLicenses,
      functionName: 'buildHash',
      args: [gameId, 2],
    });
    const bytes = new Uint8Array(await (await bed.app.request(issued.url)).arrayBuffer());
    expect(onChain).toBe(`0x${sha256(file)}`);
    expect(sha256(bytes)).not.toBe(onChain.slice(2));
  });

  it("shows the studio its games' sales and downloads", async () => {
    const studio = (await (
      await bed.app.request('/api/gamed/studio/games', { headers: studioAuth })
    ).json()) as {
      data: { id: string; stats: { sold: number; refunded: number; downloads: number } }[];
    };
    const stats = studio.data.find((game) => game.id === pageId)?.stats;
    expect(stats).toMatchObject({ sold: 1, refunded: 0 });
    expect(stats?.downloads).toBeGreaterThanOrEqual(3);
    expect(purchaseId).toBeGreaterThan(0n);
  });
});
