import { Readable } from 'node:stream';
import { type Db, gamedBuildUploads, gamedDownloads, gamedGamePages, users } from '@far/db';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { BaseError } from '../../../errors/BaseError.js';
import { validationError } from '../../../errors/toErrorResponse.js';
import type { AppEnv } from '../../../http/appEnv.js';
import { ErrorSchema, errorResponses, jsonBody, jsonRequestBody } from '../../../http/openapi.js';
import type { BuildStorage } from '../builds/BuildStorage.js';
import type { GamedChain } from '../GamedChain.js';
import { PagePathSchema, PlatformSchema } from '../gamedWire.js';
import { DOWNLOAD_URL_TTL_SECONDS, verifyDownloadToken } from './downloadToken.js';
import { issueDownload } from './issueDownload.js';

const issueRoute = createRoute({
  method: 'post',
  path: '/api/gamed/games/{pageId}/download',
  tags: ['gamed'],
  summary: "A signed download URL for the game's published build, for a licence holder only",
  security: [{ bearer: [] }],
  request: { params: PagePathSchema, body: jsonRequestBody(z.object({ platform: PlatformSchema })) },
  responses: {
    200: jsonBody(
      z.object({
        url: z.string().openapi({ description: 'Works for a few minutes, only while you hold the licence' }),
        expiresAt: z.iso.datetime(),
        fileName: z.string(),
        sizeBytes: z.number().int(),
        sha256: z.string().openapi({ description: "The build's hash on chain: check the file against it" }),
        version: z.number().int(),
      }),
      'The URL',
    ),
    403: jsonBody(ErrorSchema, 'Your wallet holds no licence (reason license_required)'),
    404: jsonBody(ErrorSchema, 'No such game, or no build published for the platform'),
    ...errorResponses,
  },
});

const downloadRoute = createRoute({
  method: 'get',
  path: '/api/gamed/downloads/{token}',
  tags: ['gamed'],
  summary: 'Download a build with a signed URL (the licence is checked again now)',
  request: { params: z.object({ token: z.string().min(1).max(1000) }) },
  responses: {
    200: {
      description: 'The build file',
      content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
    },
    302: { description: 'Redirect to the file in object storage (a presigned URL, valid for a minute)' },
    403: jsonBody(ErrorSchema, 'Invalid or expired URL, or the licence is no longer yours'),
    ...errorResponses,
  },
});

type DownloadDeps = {
  db: Db;
  storage: BuildStorage;
  chain: GamedChain | undefined;
  secret: Uint8Array;
  now: () => Date;
  requireCaller: MiddlewareHandler<AppEnv>;
};

/** Looks up what a verified token names and checks the holder again, at download time. */
async function authorizeDownload(deps: DownloadDeps, token: string) {
  const denied = () => new BaseError('forbidden', 'This download URL is invalid, expired or no longer yours');
  const claims = verifyDownloadToken(deps.secret, token, Math.floor(deps.now().getTime() / 1000));
  if (!claims || !deps.chain) throw denied();
  const [row] = await deps.db
    .select({ upload: gamedBuildUploads, page: gamedGamePages })
    .from(gamedBuildUploads)
    .innerJoin(gamedGamePages, eq(gamedGamePages.id, gamedBuildUploads.pageId))
    .where(eq(gamedBuildUploads.id, claims.uploadId));
  if (!row?.page.chainGameId || row.page.id !== claims.pageId || !row.upload.sha256) throw denied();
  // A transfer or refund since the URL was issued ends access now, not when the URL expires.
  const wallet = claims.wallet as `0x${string}`;
  if (!(await deps.chain.holdsLicense(BigInt(row.page.chainGameId), wallet))) throw denied();
  return { ...row, wallet, sha256: row.upload.sha256 };
}

/** Download URLs: issued to licence holders, signed and short-lived, re-checked and logged on use. */
export function downloadRoutes(deps: DownloadDeps) {
  const { db, storage } = deps;
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, result.target);
    },
  });
  app.use('/api/gamed/games/:pageId/download', deps.requireCaller);

  app.openapi(issueRoute, async (c) => {
    const issued = await issueDownload(deps, {
      caller: c.get('caller'),
      pageId: c.req.valid('param').pageId,
      platform: c.req.valid('json').platform,
    });
    return c.json({ ...issued, expiresAt: issued.expiresAt.toISOString() }, 200);
  });

  app.openapi(downloadRoute, async (c) => {
    const { upload, page, wallet, sha256 } = await authorizeDownload(deps, c.req.valid('param').token);
    const [user] = await db.select({ id: users.id }).from(users).where(eq(users.walletAddress, wallet));
    await db.insert(gamedDownloads).values({
      pageId: page.id,
      uploadId: upload.id,
      userId: user?.id ?? null,
      wallet,
      platform: upload.platform,
      sha256,
    });
    c.header('Cache-Control', 'private, no-store');
    c.header('X-Far-Build-Sha256', sha256);
    const presigned = await storage.presignDownload(
      upload.storageKey,
      upload.fileName,
      Math.min(60, DOWNLOAD_URL_TTL_SECONDS),
    );
    if (presigned) return c.redirect(presigned, 302);
    const { body, sizeBytes } = await storage.read(upload.storageKey);
    c.header('Content-Type', 'application/octet-stream');
    c.header('Content-Length', String(sizeBytes));
    c.header('Content-Disposition', `attachment; filename="${upload.fileName.replace(/[^\w.-]/g, '_')}"`);
    return c.body(Readable.toWeb(body) as ReadableStream, 200);
  });
  return app;
}
