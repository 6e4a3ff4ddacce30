import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWalletClient, custom, parseEther } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { hardhat } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureLocalDeployment } from '../scripts/ensureLocalDeployment.js';
import { farStakingAbi } from '../src/abi/farStakingAbi.js';
import { farTokenAbi } from '../src/abi/farTokenAbi.js';
import { inferencePaymentAbi } from '../src/abi/inferencePaymentAbi.js';
import { bytecodeFingerprint } from '../src/bytecodeFingerprint.js';
import { FAR_ROLES, LOCAL_ROLE_ACCOUNTS } from '../src/farRoles.js';
import { readDeployments } from '../src/readDeployments.js';
import { createInProcessChain, type InProcessChain } from '../src/testing/createInProcessChain.js';
import { writeDeployments } from '../src/writeDeployments.js';

const MNEMONIC = 'test test test test test test test test test test test junk';

describe('ensureLocalDeployment', () => {
  let chain: InProcessChain;
  let dir: string;
  const dev = Array.from({ length: 10 }, (_, addressIndex) => mnemonicToAccount(MNEMONIC, { addressIndex }));
  const deployer = dev[0] as (typeof dev)[number];

  beforeAll(async () => {
    chain = await createInProcessChain();
    dir = await mkdtemp(join(tmpdir(), 'far-deployments-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const ensure = (path: string) =>
    ensureLocalDeployment({
      publicClient: chain.publicClient,
      // A signing (local) account, as against `hardhat node`: the same code path as scripts/deployLocal.ts.
      walletClient: createWalletClient({
        account: deployer,
        chain: hardhat,
        transport: custom(chain.provider),
      }),
      path,
      coordinator: dev[1]?.address as `0x${string}`,
      fundAccounts: dev.map((account) => account.address),
    });

  it('deploys, funds dev accounts, writes the file; reuses it while the chain keeps state; redeploys after a reset', async () => {
    const path = join(dir, 'nested', '31337.json');
    const first = await ensure(path);
    expect(first.reused).toBe(false);
    const onDisk = await readDeployments(path);
    expect(onDisk).toEqual(first.deployments);
    expect(onDisk.chainId).toBe(31337);
    expect(JSON.parse(await readFile(path, 'utf8')).contracts.farToken).toBe(
      first.deployments.contracts.farToken,
    );
    const token = { address: first.deployments.contracts.farToken, abi: farTokenAbi } as const;
    for (const account of dev.slice(1)) {
      expect(
        await chain.publicClient.readContract({
          ...token,
          functionName: 'balanceOf',
          args: [account.address],
        }),
      ).toBe(parseEther('100000'));
    }
    const oracle = await chain.publicClient.readContract({
      address: first.deployments.contracts.inferencePayment,
      abi: inferencePaymentAbi,
      functionName: 'ORACLE_ROLE',
    });
    expect(
      await chain.publicClient.readContract({
        address: first.deployments.contracts.inferencePayment,
        abi: inferencePaymentAbi,
        functionName: 'hasRole',
        args: [oracle, dev[1]?.address as `0x${string}`],
      }),
    ).toBe(true);
    expect(
      await chain.publicClient.readContract({
        address: first.deployments.contracts.inferencePayment,
        abi: inferencePaymentAbi,
        functionName: 'getLatestPrice',
      }),
    ).toBe(10_000_000n);

    // The separated roles: #10 admin, #11 operator, the timelock (treasurer #12) and #13 price keeper;
    // the deployer keeps none of them.
    const { farStaking, priceFeed, timelock } = first.deployments.contracts;
    const hasRole = (address: `0x${string}`, role: `0x${string}`, account: `0x${string}`) =>
      chain.publicClient.readContract({
        address,
        abi: farStakingAbi,
        functionName: 'hasRole',
        args: [role, account],
      });
    const holder = (role: keyof typeof LOCAL_ROLE_ACCOUNTS) =>
      mnemonicToAccount(MNEMONIC, { addressIndex: LOCAL_ROLE_ACCOUNTS[role] }).address;
    expect(timelock).toBeDefined();
    expect(await hasRole(farStaking, FAR_ROLES.admin, holder('admin'))).toBe(true);
    expect(await hasRole(farStaking, FAR_ROLES.operator, holder('operator'))).toBe(true);
    expect(await hasRole(farStaking, FAR_ROLES.treasurer, timelock as `0x${string}`)).toBe(true);
    expect(await hasRole(priceFeed, FAR_ROLES.priceKeeper, holder('priceKeeper'))).toBe(true);
    for (const role of [FAR_ROLES.admin, FAR_ROLES.operator, FAR_ROLES.treasurer]) {
      expect(await hasRole(farStaking, role, deployer.address)).toBe(false);
    }
    expect(await hasRole(priceFeed, FAR_ROLES.priceKeeper, deployer.address)).toBe(false);
    expect(
      await chain.publicClient.readContract({
        address: farStaking,
        abi: farStakingAbi,
        functionName: 'rewardReserve',
      }),
    ).toBe(parseEther('1000000'));

    // Same chain, state kept: reuse, and a price gone stale meanwhile is refreshed (by the price keeper).
    await chain.increaseTime(2n * 24n * 3600n);
    const second = await ensure(path);
    expect(second.reused).toBe(true);
    expect(second.deployments).toEqual(first.deployments);
    expect(
      await chain.publicClient.readContract({
        address: first.deployments.contracts.inferencePayment,
        abi: inferencePaymentAbi,
        functionName: 'getLatestPrice',
      }),
    ).toBe(10_000_000n);

    // Same chain, but the file's contracts were built from older sources (a replayed `npm start`
    // chain after a contract change): deployed again rather than driven through the new ABI.
    for (const stale of [`0x${'00'.repeat(32)}`, undefined]) {
      const { bytecodeFingerprint: _, ...rest } = first.deployments;
      await writeDeployments(path, stale ? { ...rest, bytecodeFingerprint: stale } : rest);
      const rebuilt = await ensure(path);
      expect(rebuilt.reused).toBe(false);
      expect(rebuilt.deployments.contracts.inferencePayment).not.toBe(
        first.deployments.contracts.inferencePayment,
      );
      expect(rebuilt.deployments.bytecodeFingerprint).toBe(bytecodeFingerprint);
    }

    // Fresh chain: the file's contracts are gone, so everything is deployed again.
    await chain.testClient.request({ method: 'hardhat_reset', params: [] });
    const third = await ensure(path);
    expect(third.reused).toBe(false);
    expect(
      await chain.publicClient.getCode({ address: third.deployments.contracts.inferencePayment }),
    ).toMatch(/^0x.+/);
  });
});
