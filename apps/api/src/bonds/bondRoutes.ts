import { vramClassOf } from '@far/contracts/browser';
import { type Db, gpuNodes, nodeSlashProposals } from '@far/db';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { desc, eq } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { AddressString } from '../chain/apiFieldSchemas.js';
import { BaseError } from '../errors/BaseError.js';
import type { AppEnv } from '../http/appEnv.js';
import { ErrorSchema, errorResponses, jsonBody } from '../http/openapi.js';
import { SLASH_BPS } from './proposeSlashesFromAudits.js';
import type { BondTerms } from './readBondTerms.js';

const wei = z.string().regex(/^\d+$/).openapi({ description: 'FAR in wei, as a decimal string' });

const BondTermsSchema = z
  .object({
    nodeBond: AddressString,
    vramClasses: z.array(
      z.object({
        vramClass: z.number().int(),
        label: z.string().openapi({ example: '≤ 24 GB' }),
        maxVramGb: z.number().nullable(),
        minimumWei: wei,
      }),
    ),
    unbondingPeriodSeconds: z.number().int(),
    appealWindowSeconds: z.number().int(),
    slashBps: z.number().int().openapi({ description: 'Share of a bond one failed check proposes to slash' }),
  })
  .openapi('BondTerms');

const termsRoute = createRoute({
  method: 'get',
  path: '/api/bonds',
  tags: ['gpu'],
  summary: 'Node bond terms: NodeBond, the minimum per VRAM class, the unbonding period and appeal window',
  responses: {
    200: jsonBody(BondTermsSchema, 'The terms'),
    404: jsonBody(ErrorSchema, 'Bonds are off: no NodeBond here'),
    ...errorResponses,
  },
});

const myBondsRoute = createRoute({
  method: 'get',
  path: '/api/bonds/me',
  tags: ['gpu'],
  summary: 'Your nodes with the bond each needs, and the slashes proposed against them',
  security: [{ bearer: [] }],
  responses: {
    200: jsonBody(
      z.object({
        nodes: z.array(
          z.object({
            nodeId: z.string(),
            vramGb: z.number().nullable(),
            vramClass: z.number().int().openapi({ description: 'The class its announced VRAM falls in' }),
          }),
        ),
        slashes: z.array(
          z.object({
            evidenceHash: z.string(),
            nodeId: z.string(),
            amountWei: wei,
            status: z.enum(['pending', 'proposed', 'failed']),
            txHash: z.string().nullable(),
            error: z.string().nullable(),
            createdAt: z.iso.datetime(),
          }),
        ),
      }),
      'Your nodes and slashes, newest first',
    ),
    ...errorResponses,
  },
});

/**
 * `GET /api/bonds` (NodeBond's terms, read from the chain at most once a minute) and
 * `GET /api/bonds/me` (the caller's nodes with their VRAM class, and the slashes the coordinator
 * proposed against them, from the database). The GPU page reads each bond's amounts and each
 * slash's appeal status from NodeBond itself, where the owner's wallet acts.
 *
 * @param options - database, the terms reader (absent: no NodeBond, `/api/bonds` answers 404) and auth.
 * @returns a router to mount at `/`.
 */
export function bondRoutes(options: {
  db: Db;
  readTerms: (() => Promise<BondTerms>) | undefined;
  requireCaller: MiddlewareHandler<AppEnv>;
}) {
  const { db, readTerms } = options;
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(termsRoute, async (c) => {
    if (!readTerms) throw new BaseError('not_found', 'node bonds are off here: NodeBond is not deployed');
    const terms = await readTerms();
    return c.json(
      {
        ...terms,
        vramClasses: terms.vramClasses.map((entry) => ({
          ...entry,
          minimumWei: entry.minimumWei.toString(),
        })),
        slashBps: Number(SLASH_BPS),
      },
      200,
    );
  });
  app.use('/api/bonds/me', options.requireCaller);
  app.openapi(myBondsRoute, async (c) => {
    const owner = c.get('caller').walletAddress.toLowerCase();
    const [nodes, slashes] = await Promise.all([
      db
        .select({ nodeId: gpuNodes.nodeId, vramGb: gpuNodes.vramGb })
        .from(gpuNodes)
        .where(eq(gpuNodes.ownerAddress, owner))
        .orderBy(gpuNodes.nodeId),
      db
        .select()
        .from(nodeSlashProposals)
        .where(eq(nodeSlashProposals.ownerAddress, owner))
        .orderBy(desc(nodeSlashProposals.createdAt))
        .limit(100),
    ]);
    return c.json(
      {
        nodes: nodes.map((node) => ({ ...node, vramClass: vramClassOf(node.vramGb ?? 0) })),
        slashes: slashes.map((slash) => ({
          evidenceHash: slash.evidenceHash,
          nodeId: slash.nodeId,
          amountWei: slash.amountWei.toString(),
          status: slash.status,
          txHash: slash.txHash,
          error: slash.error,
          createdAt: slash.createdAt.toISOString(),
        })),
      },
      200,
    );
  });
  return app;
}
