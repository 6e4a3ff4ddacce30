import { users } from '@far/db';
import { createTestDb, type TestDbHandle, testDrivers } from '@far/db/testing';
import { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  at,
  FAR,
  hash,
  player,
  reseller,
  seedAccountActivity,
  seller,
  studio,
} from '../../test/support/seedAccountActivity.js';
import { toErrorResponse } from '../errors/toErrorResponse.js';
import type { AppEnv } from '../http/appEnv.js';
import { listDesciActivity } from '../services/desci/listDesciActivity.js';
import { listGamedActivity } from '../services/gamed/listGamedActivity.js';
import { listGamingActivity } from '../services/gaming/listGamingActivity.js';
import { transactionRoutes } from './transactionRoutes.js';

type Item = {
  id: string;
  service: string;
  kind: string;
  amountWei: string;
  createdAt: string;
  txHash: string | null;
  subject: { id: string; title: string; href: string | null } | null;
};

describe.each(testDrivers())('GET /api/transactions on %s', (driver) => {
  let database: TestDbHandle;
  let app: ReturnType<typeof transactionRoutes>;
  const callers = new Map<string, { userId: string; walletAddress: `0x${string}` }>();

  beforeAll(async () => {
    database = await createTestDb({ driver });
    const rows = await database.db
      .insert(users)
      .values([player, studio, seller, reseller].map((walletAddress) => ({ walletAddress })))
      .returning();
    for (const row of rows)
      callers.set(row.walletAddress, { userId: row.id, walletAddress: row.walletAddress as `0x${string}` });
    await seedAccountActivity(database.db, {
      playerId: callers.get(player)?.userId ?? '',
      studioId: callers.get(studio)?.userId ?? '',
    });
    app = transactionRoutes({
      db: database.db,
      activitySources: [listGamedActivity, listDesciActivity, listGamingActivity],
      requireCaller: async (c, next) => {
        const caller = callers.get(c.req.header('x-wallet') ?? '');
        if (!caller) return c.json({ error: { code: 'unauthorized', message: 'no caller' } }, 401);
        c.set('caller', caller);
        await next();
      },
    });
  });
  afterAll(async () => {
    await database?.close();
  });

  async function page(wallet: string, query: string) {
    const response = await app.request(`/api/transactions?${query}`, { headers: { 'x-wallet': wallet } });
    expect(response.status).toBe(200);
    return (await response.json()) as { data: Item[]; nextCursor: string | null };
  }

  it("merges the ledger with the caller's service activity, newest first, with signed amounts", async () => {
    const { data, nextCursor } = await page(player, 'limit=50');
    expect(nextCursor).toBeNull();
    expect(
      data.map((item) => [item.service, item.kind, BigInt(item.amountWei) / FAR, item.createdAt]),
    ).toEqual([
      ['platform', 'withdrawal', -5n, at(10).toISOString()],
      ['gaming', 'tournament_prize', 6n, at(8).toISOString()],
      // Same block second: ties go by id, byte order (gamed:refund, gamed:download, desci:…).
      ['gamed', 'game_refund', 10n, at(5).toISOString()],
      ['gamed', 'game_download', 0n, at(5).toISOString()],
      ['desci', 'research_backing', -3n, at(5).toISOString()],
      ['gaming', 'tournament_entry', -2n, at(4).toISOString()],
      ['gamed', 'game_purchase', -10n, at(2).toISOString()],
      ['platform', 'deposit', 100n, '2026-01-01T00:00:01.000Z'],
    ]);
    const purchase = data.find((item) => item.kind === 'game_purchase');
    expect(purchase?.txHash).toBe(hash(3));
    expect(purchase?.subject).toEqual({ id: '1', title: 'Star Drift', href: '/gamed/star-drift' });
    expect(data.find((item) => item.kind === 'research_backing')?.subject).toEqual({
      id: '7',
      title: 'Soil microbes',
      href: '/desci/7',
    });
    expect(data.find((item) => item.kind === 'tournament_prize')).toMatchObject({
      txHash: hash(11),
      subject: { id: '1', title: 'Tournament #1 (classic)', href: '/gaming' },
    });
    expect(data.find((item) => item.kind === 'deposit')?.txHash).toBe(hash(1));
  });

  it('pages across the merge without skipping or repeating an item', async () => {
    const whole = (await page(player, 'limit=50')).data.map((item) => item.id);
    for (const limit of [1, 2, 3, 7]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const next: { data: Item[]; nextCursor: string | null } = await page(
          player,
          `limit=${limit}${cursor ? `&before=${cursor}` : ''}`,
        );
        expect(next.data.length).toBeLessThanOrEqual(limit);
        seen.push(...next.data.map((item) => item.id));
        cursor = next.nextCursor;
      } while (cursor);
      expect(seen).toEqual(whole);
    }
    expect((await page(player, 'limit=8')).nextCursor).toBeNull();
  });

  it("shows each side its own movements and nobody else's", async () => {
    const read = async (wallet: string) =>
      (await page(wallet, 'limit=50')).data.map((item) => [
        item.service,
        item.kind,
        BigInt(item.amountWei) / FAR,
      ]);
    // The studio: its sale and royalty credited, its withdrawal, the milestone released to it as
    // researcher, and its own purchase; none of the player's rows.
    expect(await read(studio)).toEqual([
      ['desci', 'milestone_release', 4n],
      ['gamed', 'studio_withdrawal', -9n],
      ['gamed', 'royalty', 1n],
      ['gamed', 'game_sale', 9n],
      ['gamed', 'game_purchase', -10n],
    ]);
    expect(await read(seller)).toEqual([
      ['gaming', 'entry_refund', 2n],
      ['desci', 'backing_refund', 1n],
      ['gamed', 'licence_resale', 6n],
      // Same second (the purchase and the entry): byte order of the ids.
      ['gaming', 'tournament_entry', -2n],
      ['gamed', 'game_purchase', -10n],
    ]);
    expect(await read(reseller)).toEqual([['gamed', 'licence_resale', -8n]]);
  });

  it("counts a studio's GameD earnings once: its sales and royalties less its withdrawals are its balance", async () => {
    const { data } = await page(studio, 'limit=50');
    const balanceRows = data.filter((item) =>
      ['game_sale', 'royalty', 'studio_withdrawal'].includes(item.kind),
    );
    // Credited 9 (sale) + 1 (royalty), withdrew 9: 1 FAR still in its GameLicenses balance.
    expect(balanceRows.reduce((sum, item) => sum + BigInt(item.amountWei), 0n)).toBe(1n * FAR);
  });

  it('refuses a cursor it did not issue, in the one 422 shape', async () => {
    const root = new OpenAPIHono<AppEnv>();
    root.onError((error, c) => {
      const response = toErrorResponse(error);
      return c.json(response.body, response.status as 422);
    });
    root.route('/', app);
    const response = await root.request('/api/transactions?before=nonsense', {
      headers: { 'x-wallet': player },
    });
    expect(response.status).toBe(422);
  });
});
