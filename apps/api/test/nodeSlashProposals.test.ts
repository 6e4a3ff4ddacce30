import { farTokenAbi, nodeBondAbi, nodeBondKey } from '@far/contracts';
import {
  createTestDb,
  gpuNodes,
  inferenceTasks,
  nodeAudits,
  nodeSlashProposals,
  type TestDbHandle,
  users,
} from '@far/db';
import { eq } from 'drizzle-orm';
import { type Address, type Hex, keccak256, parseEther, toBytes, zeroHash } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proposeSlash, type SlashClients } from '../src/bonds/proposeSlash.js';
import { proposeSlashesFromAudits } from '../src/bonds/proposeSlashesFromAudits.js';
import { type ChainTestbed, createChainTestbed } from './support/createChainTestbed.js';

const evidence = (label: string): Hex => keccak256(toBytes(`evidence:${label}`));

describe('slash proposals from failed audits (NodeBond on a real in-process chain)', () => {
  let bed: ChainTestbed;
  let testDb: TestDbHandle;
  let clients: SlashClients;
  let owner: Address;
  let harmed: Address;
  beforeAll(async () => {
    bed = await createChainTestbed(undefined, { nodeBonds: true });
    testDb = await createTestDb();
    const nodeBond = bed.deployments.contracts.nodeBond;
    if (!nodeBond) throw new Error('NodeBond not deployed');
    clients = { publicClient: bed.publicClient, walletClient: bed.coordinatorWallet, nodeBond };
    owner = bed.users[0] as Address;
    harmed = bed.users[1] as Address;
    const db = testDb.db;
    const [, harmedUser] = await db
      .insert(users)
      .values([{ walletAddress: owner.toLowerCase() }, { walletAddress: harmed.toLowerCase() }])
      .returning();
    await db.insert(gpuNodes).values([
      { nodeId: 'cheater', ownerAddress: owner.toLowerCase() },
      { nodeId: 'unbonded', ownerAddress: owner.toLowerCase() },
    ]);
    const [task] = await db
      .insert(inferenceTasks)
      .values({
        taskId: 'task-1',
        userId: harmedUser?.id ?? '',
        modelName: 'far-demo',
        costFarWei: parseEther('2'),
      })
      .returning();
    const audit = (nodeId: string, kind: 'audit' | 'canary', label: string, taskId: string, at: number) => ({
      nodeId,
      kind,
      taskId,
      passed: false,
      evidenceHash: evidence(label),
      detail: { label },
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, at)),
    });
    await db
      .insert(nodeAudits)
      .values([
        audit('cheater', 'audit', 'audit-1', task?.id ?? '', 1),
        audit('cheater', 'canary', 'canary-1', crypto.randomUUID(), 2),
        audit('unbonded', 'canary', 'canary-unbonded', crypto.randomUUID(), 3),
        { ...audit('cheater', 'canary', 'passed', crypto.randomUUID(), 4), passed: true },
      ]);
    await bed.send(owner, {
      address: bed.deployments.contracts.farToken,
      abi: farTokenAbi,
      functionName: 'approve',
      args: [nodeBond, parseEther('1000')],
    });
    await bed.send(owner, {
      address: nodeBond,
      abi: nodeBondAbi,
      functionName: 'bond',
      args: [nodeBondKey('cheater'), 0, parseEther('1000')],
    });
  });
  afterAll(async () => {
    await testDb?.close();
  });

  const slashOf = (hash: Hex) =>
    bed.publicClient.readContract({
      address: clients.nodeBond,
      abi: nodeBondAbi,
      functionName: 'slashOf',
      args: [hash],
    });
  const proposals = () => testDb.db.select().from(nodeSlashProposals);

  it('proposes one slash per failed audit with its evidence hash, refunding the audited task’s user', async () => {
    expect(await proposeSlashesFromAudits(testDb.db, clients)).toBe(3);
    const rows = new Map((await proposals()).map((row) => [row.evidenceHash, row]));
    expect(rows.get(evidence('audit-1'))).toMatchObject({
      status: 'proposed',
      nodeId: 'cheater',
      amountWei: parseEther('100'),
      refunds: [{ user: harmed.toLowerCase(), amountWei: parseEther('2').toString() }],
    });
    // 10 % of what is still slashable after the first proposal (900 FAR); a canary refunds nobody.
    expect(rows.get(evidence('canary-1'))).toMatchObject({
      status: 'proposed',
      amountWei: parseEther('90'),
      refunds: [],
    });
    expect(rows.get(evidence('canary-unbonded'))).toMatchObject({
      status: 'failed',
      error: 'nothing bonded to slash',
    });
    expect(rows.has(evidence('passed'))).toBe(false);
    expect(await slashOf(evidence('audit-1'))).toMatchObject({
      status: 1,
      owner,
      nodeKey: nodeBondKey('cheater'),
      amount: parseEther('100'),
      refundTotal: parseEther('2'),
    });
    expect((await slashOf(evidence('canary-1'))).amount).toBe(parseEther('90'));
  });

  it('never proposes the same evidence twice, even when the database lost the row', async () => {
    expect(await proposeSlashesFromAudits(testDb.db, clients)).toBe(0);
    await testDb.db
      .delete(nodeSlashProposals)
      .where(eq(nodeSlashProposals.evidenceHash, evidence('audit-1')));
    const again = await proposeSlash(testDb.db, clients, {
      nodeId: 'cheater',
      owner,
      evidenceHash: evidence('audit-1'),
      amountWei: parseEther('5'),
      refunds: [],
    });
    // The contract refused the used evidence; the row records it as proposed, without a new transaction.
    expect(again).toMatchObject({ status: 'proposed', txHash: null });
    expect((await slashOf(evidence('audit-1'))).amount).toBe(parseEther('100'));
  });

  it('refuses a slash without evidence, and records a slash larger than the bond as failed', async () => {
    await expect(
      proposeSlash(testDb.db, clients, {
        nodeId: 'cheater',
        owner,
        evidenceHash: zeroHash,
        amountWei: 1n,
        refunds: [],
      }),
    ).rejects.toMatchObject({ code: 'bad_request' });
    const tooMuch = await proposeSlash(testDb.db, clients, {
      nodeId: 'cheater',
      owner,
      evidenceHash: evidence('too-much'),
      amountWei: parseEther('1000'),
      refunds: [],
    });
    expect(tooMuch).toMatchObject({ status: 'failed', error: 'SlashExceedsBond' });
  });
});
