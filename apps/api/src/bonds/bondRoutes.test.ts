import { DEFAULT_MINIMUM_BONDS } from '@far/contracts/browser';
import { gpuNodes, nodeSlashProposals, users } from '@far/db';
import { createTestDb, type TestDbHandle } from '@far/db/testing';
import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bondRoutes } from './bondRoutes.js';

const owner = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
const nodeBond = '0x9A9f2CCfdE556A7E9Ff0848998Aa4a0CFD8863AE';

let database: TestDbHandle;
beforeAll(async () => {
  database = await createTestDb();
  const [user] = await database.db.insert(users).values({ walletAddress: owner }).returning();
  await database.db.insert(gpuNodes).values([
    { nodeId: 'rtx-4090', ownerAddress: owner, vramGb: 24 },
    { nodeId: 'h100', ownerAddress: owner, vramGb: 80 },
  ]);
  await database.db.insert(nodeSlashProposals).values({
    evidenceHash: `0x${'ab'.repeat(32)}`,
    nodeId: 'rtx-4090',
    ownerAddress: owner,
    amountWei: parseEther('50'),
    status: 'proposed',
    txHash: `0x${'cd'.repeat(32)}`,
  });
  expect(user).toBeDefined();
});
afterAll(async () => {
  await database?.close();
});

const app = () =>
  bondRoutes({
    db: database.db,
    requireCaller: async (c, next) => {
      c.set('caller', { userId: 'u', walletAddress: owner });
      await next();
    },
    readTerms: async () => ({
      nodeBond,
      vramClasses: DEFAULT_MINIMUM_BONDS.map((minimumWei, vramClass) => ({
        vramClass,
        label: `class ${vramClass}`,
        maxVramGb: null,
        minimumWei,
      })),
      unbondingPeriodSeconds: 604_800,
      appealWindowSeconds: 259_200,
    }),
  });

describe('bondRoutes', () => {
  it('serves the terms with minimums in wei strings and the slash share', async () => {
    const response = await app().request('/api/bonds');
    expect(response.status).toBe(200);
    const terms = (await response.json()) as Record<string, unknown> & {
      vramClasses: { minimumWei: string }[];
    };
    expect(terms).toMatchObject({
      nodeBond,
      unbondingPeriodSeconds: 604_800,
      appealWindowSeconds: 259_200,
      slashBps: 1000,
    });
    expect(terms.vramClasses.map((entry) => entry.minimumWei)).toEqual(DEFAULT_MINIMUM_BONDS.map(String));
  });

  it('lists the caller’s nodes with their VRAM class and the slashes proposed against them', async () => {
    const body = await (await app().request('/api/bonds/me')).json();
    expect(body).toEqual({
      nodes: [
        { nodeId: 'h100', vramGb: 80, vramClass: 4 },
        { nodeId: 'rtx-4090', vramGb: 24, vramClass: 2 },
      ],
      slashes: [
        expect.objectContaining({
          nodeId: 'rtx-4090',
          amountWei: parseEther('50').toString(),
          status: 'proposed',
        }),
      ],
    });
  });
});
