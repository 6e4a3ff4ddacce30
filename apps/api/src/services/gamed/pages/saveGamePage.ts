import { type Db, type GamedGamePage, gamedGamePages } from '@far/db';
import type { z } from '@hono/zod-openapi';
import { and, eq, ne, or } from 'drizzle-orm';
import { BaseError } from '../../../errors/BaseError.js';
import type { Caller } from '../../../http/appEnv.js';
import { findStudioPage } from '../findStudioPage.js';
import type { GamedChain } from '../GamedChain.js';
import type { CreateGamePageSchema, UpdateGamePageSchema } from './gamePageSchemas.js';

/** Refuses a slug or game another page of this deployment already has, before the insert races. */
async function checkUnique(
  db: Db,
  licensesAddress: string,
  fields: { slug?: string; chainGameId?: string },
  except?: string,
) {
  const clashes = [
    ...(fields.slug ? [eq(gamedGamePages.slug, fields.slug)] : []),
    ...(fields.chainGameId ? [eq(gamedGamePages.chainGameId, fields.chainGameId)] : []),
  ];
  if (clashes.length === 0) return;
  const [clash] = await db
    .select({ slug: gamedGamePages.slug, chainGameId: gamedGamePages.chainGameId })
    .from(gamedGamePages)
    .where(
      and(
        eq(gamedGamePages.licensesAddress, licensesAddress),
        or(...clashes),
        except ? ne(gamedGamePages.id, except) : undefined,
      ),
    )
    .limit(1);
  if (!clash) return;
  const field = clash.slug === fields.slug ? 'slug' : 'chainGameId';
  throw new BaseError('conflict', field === 'slug' ? 'That slug is taken' : 'That game already has a page', {
    details: { field },
  });
}

/**
 * Creates the store page of a game the caller registered on chain. The caller must be the game's
 * studio in `GameLicenses` now: the page's edits and builds are then the studio's alone. A game
 * registered moments ago, not yet in the chain mirror, is read from the contract.
 *
 * @throws BaseError `service_unavailable` (no contract), `not_found` (no such game on chain),
 * `forbidden` with reason `not_studio`, `conflict` (slug or game taken).
 */
export async function createGamePage(
  deps: { db: Db; chain: GamedChain | undefined },
  caller: Caller,
  fields: z.infer<typeof CreateGamePageSchema>,
): Promise<GamedGamePage> {
  const { db, chain } = deps;
  if (!chain) throw new BaseError('service_unavailable', 'GameLicenses is not deployed on this network');
  const terms = await chain.registeredGame(BigInt(fields.chainGameId));
  if (!terms) throw new BaseError('not_found', `Game ${fields.chainGameId} is not registered on chain`);
  const wallet = caller.walletAddress.toLowerCase();
  if (terms.studio.toLowerCase() !== wallet) {
    throw new BaseError('forbidden', 'Only the studio that registered the game may create its page', {
      details: { reason: 'not_studio' },
    });
  }
  await checkUnique(db, chain.licensesAddress, fields);
  const [page] = await db
    .insert(gamedGamePages)
    .values({
      ...fields,
      licensesAddress: chain.licensesAddress,
      studioWallet: wallet,
      studioUserId: caller.userId,
    })
    .returning();
  if (!page) throw new Error('game page insert returned no row');
  return page;
}

/**
 * Edits one of the caller's pages; fields left out stay as they are.
 *
 * @throws BaseError `not_found` (not the caller's page), `conflict` (slug taken).
 */
export async function updateGamePage(
  db: Db,
  caller: Caller,
  pageId: string,
  fields: z.infer<typeof UpdateGamePageSchema>,
): Promise<GamedGamePage> {
  const page = await findStudioPage(db, caller, pageId);
  if (fields.slug && fields.slug !== page.slug)
    await checkUnique(db, page.licensesAddress, { slug: fields.slug }, page.id);
  const [updated] = await db
    .update(gamedGamePages)
    .set({ ...fields, updatedAt: new Date() })
    .where(eq(gamedGamePages.id, page.id))
    .returning();
  if (!updated) throw new BaseError('not_found', 'No such game page among yours');
  return updated;
}
