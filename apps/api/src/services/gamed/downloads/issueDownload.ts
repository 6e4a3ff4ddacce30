import { type Db, type GamedPlatform, gamedBuildUploads, gamedGamePages } from '@far/db';
import { and, desc, eq } from 'drizzle-orm';
import { BaseError } from '../../../errors/BaseError.js';
import type { Caller } from '../../../http/appEnv.js';
import type { GamedChain } from '../GamedChain.js';
import { DOWNLOAD_URL_TTL_SECONDS, signDownloadToken } from './downloadToken.js';

export type IssuedDownload = {
  url: string;
  expiresAt: Date;
  fileName: string;
  sizeBytes: number;
  /** The hash `GameLicenses` records for this build: what the player checks the file against. */
  sha256: string;
  version: number;
};

/**
 * Issues a signed, short-lived download URL for a game's published build on `platform`, only to
 * a wallet that holds the game's licence now. The file served is the stored upload whose SHA-256
 * is the one on chain, so a player is never handed a build the studio did not publish.
 *
 * @throws BaseError `not_found` (no such game, or nothing published for the platform),
 * `forbidden` with reason `license_required`, `service_unavailable` (no contracts deployed).
 */
export async function issueDownload(
  deps: { db: Db; chain: GamedChain | undefined; secret: Uint8Array; now: () => Date },
  input: { caller: Caller; pageId: string; platform: GamedPlatform },
): Promise<IssuedDownload> {
  const chain = deps.chain;
  if (!chain) throw new BaseError('service_unavailable', 'GameLicenses is not deployed on this network');
  const [page] = await deps.db.select().from(gamedGamePages).where(eq(gamedGamePages.id, input.pageId));
  if (!page?.chainGameId || page.licensesAddress !== chain.licensesAddress) {
    throw new BaseError('not_found', 'No such game');
  }
  const gameId = BigInt(page.chainGameId);
  const wallet = input.caller.walletAddress.toLowerCase() as `0x${string}`;
  if (!(await chain.holdsLicense(gameId, wallet))) {
    throw new BaseError('forbidden', 'Your wallet does not hold a licence for this game', {
      details: { reason: 'license_required' },
    });
  }
  const build = (await chain.publishedBuilds(gameId))[input.platform];
  if (!build) throw new BaseError('not_found', `No ${input.platform} build is published for this game`);
  const [upload] = await deps.db
    .select()
    .from(gamedBuildUploads)
    .where(
      and(
        eq(gamedBuildUploads.pageId, page.id),
        eq(gamedBuildUploads.platform, input.platform),
        eq(gamedBuildUploads.status, 'complete'),
        eq(gamedBuildUploads.sha256, build.sha256),
      ),
    )
    .orderBy(desc(gamedBuildUploads.completedAt))
    .limit(1);
  if (!upload) throw new BaseError('not_found', 'The published build is not stored on this platform');
  const expiresAt = Math.floor(deps.now().getTime() / 1000) + DOWNLOAD_URL_TTL_SECONDS;
  const token = signDownloadToken(deps.secret, { uploadId: upload.id, pageId: page.id, wallet, expiresAt });
  return {
    url: `/api/gamed/downloads/${token}`,
    expiresAt: new Date(expiresAt * 1000),
    fileName: upload.fileName,
    sizeBytes: upload.sizeBytes,
    sha256: build.sha256,
    version: build.version,
  };
}
