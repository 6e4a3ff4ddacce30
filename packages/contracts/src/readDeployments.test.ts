import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDeployments } from './readDeployments.js';
import { writeDeployments } from './writeDeployments.js';

const sample = {
  chainId: 31337,
  deployBlock: 1,
  deployedAt: '2026-01-01T00:00:00.000Z',
  deployer: '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266',
  treasury: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  coordinator: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  contracts: {
    farToken: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    farStaking: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
    inferencePayment: '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9',
    priceFeed: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0',
  },
};

describe('readDeployments / writeDeployments', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'far-read-deployments-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes atomically into new folders and reads back checksummed addresses', async () => {
    const path = join(dir, 'a', 'b', '31337.json');
    await writeDeployments(path, sample);
    const read = await readDeployments(path);
    expect(read.deployer).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
    expect(read.contracts).toEqual(sample.contracts);
  });

  it('reports a missing file as DEPLOYMENTS_NOT_FOUND', async () => {
    await expect(readDeployments(join(dir, 'nope.json'))).rejects.toMatchObject({
      code: 'DEPLOYMENTS_NOT_FOUND',
    });
  });

  it('reports bad JSON and schema mismatches as INVALID_DEPLOYMENTS, naming the field', async () => {
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{');
    await expect(readDeployments(broken)).rejects.toMatchObject({ code: 'INVALID_DEPLOYMENTS' });
    const wrong = join(dir, 'wrong.json');
    await writeFile(
      wrong,
      JSON.stringify({ ...sample, contracts: { ...sample.contracts, farToken: '0x12' } }),
    );
    await expect(readDeployments(wrong)).rejects.toMatchObject({
      code: 'INVALID_DEPLOYMENTS',
      details: expect.stringContaining('contracts.farToken'),
    });
  });
});
