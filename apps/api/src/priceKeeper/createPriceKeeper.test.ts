import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployContracts, FAR_ROLES, handOverRoles, priceFeedAbi } from '@far/contracts';
import { createInProcessChain, type InProcessChain } from '@far/contracts/testing';
import { Registry } from 'prom-client';
import type { Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../observability/createLogger.js';
import { createPriceKeeper } from './createPriceKeeper.js';
import { createPriceKeeperMetrics } from './createPriceKeeperMetrics.js';

describe('the price keeper against a real Hardhat chain', () => {
  let chain: InProcessChain;
  let dir: string;
  let feed: Address;
  let keeperAccount: Address;
  let adminAccount: Address;
  let operatorAccount: Address;
  const file = () => join(dir, 'price-source.json');
  const setSource = (farUsd: string) => writeFile(file(), JSON.stringify({ farUsd }));
  const metrics = createPriceKeeperMetrics(new Registry());

  beforeAll(async () => {
    chain = await createInProcessChain();
    const [deployer, admin, operator, treasurer, keeper] = chain.accounts as [
      Address,
      Address,
      Address,
      Address,
      Address,
    ];
    keeperAccount = keeper;
    adminAccount = admin;
    operatorAccount = operator;
    const walletClient = chain.walletFor(deployer);
    const deployed = await deployContracts({ walletClient, publicClient: chain.publicClient });
    feed = deployed.priceFeed;
    // The feed's guards: $0.01–$10 and at most 20 % per update; the keeper holds the only keeper role.
    await handOverRoles({
      walletClient,
      publicClient: chain.publicClient,
      contracts: {
        farToken: deployed.farToken,
        farStaking: deployed.farStaking,
        inferencePayment: deployed.inferencePayment,
        priceFeed: feed,
      },
      holders: { admin, operator, treasurer, priceKeeper: keeper, oracle: deployer },
      timelockDelay: 60n,
    });
    const asAdmin = chain.walletFor(admin);
    const feedContract = { address: feed, abi: priceFeedAbi, chain: asAdmin.chain } as const;
    await chain.publicClient.waitForTransactionReceipt({
      hash: await asAdmin.writeContract({
        ...feedContract,
        functionName: 'setBounds',
        args: [1_000_000n, 1_000_000_000n],
      }),
    });
    await chain.publicClient.waitForTransactionReceipt({
      hash: await asAdmin.writeContract({ ...feedContract, functionName: 'setMaxDeviation', args: [2_000n] }),
    });
    dir = await mkdtemp(join(tmpdir(), 'far-price-keeper-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const keeper = () =>
    createPriceKeeper({
      publicClient: chain.publicClient,
      walletClient: chain.walletFor(keeperAccount),
      feed,
      source: { file: file() },
      field: 'farUsd',
      heartbeatSeconds: 3600n,
      deviationBps: 100n,
      pollMs: 10,
      metrics,
      logger: createLogger('silent'),
    });
  const latest = async () => {
    const [round, answer, , updatedAt] = await chain.publicClient.readContract({
      address: feed,
      abi: priceFeedAbi,
      functionName: 'latestRoundData',
    });
    return { round, answer, updatedAt };
  };

  it('publishes on deviation and heartbeat, skips small moves, refuses what the feed would refuse', async () => {
    expect(
      await chain.publicClient.readContract({
        address: feed,
        abi: priceFeedAbi,
        functionName: 'hasRole',
        args: [FAR_ROLES.priceKeeper, keeperAccount],
      }),
    ).toBe(true);
    const k = keeper();
    await setSource('0.1005'); // 0.5 % from the deployed $0.10: below the 1 % threshold
    expect(await k.runOnce()).toEqual({ action: 'skip' });
    expect((await latest()).round).toBe(1n);

    await setSource('0.1050');
    expect(await k.runOnce()).toEqual({ action: 'update', reason: 'deviation' });
    expect(await latest()).toMatchObject({ round: 2n, answer: 10_500_000n });

    await setSource('0.50'); // +376 %: beyond the feed's 20 % per update
    expect(await k.runOnce()).toEqual({ action: 'refuse', reason: 'deviation_too_high' });
    await setSource('20'); // above the feed's $10 ceiling
    expect(await k.runOnce()).toEqual({ action: 'refuse', reason: 'out_of_bounds' });
    expect((await latest()).round).toBe(2n);

    await setSource('0.1051');
    await chain.increaseTime(3600n);
    expect(await k.runOnce()).toEqual({ action: 'update', reason: 'heartbeat' });
    expect(await latest()).toMatchObject({ round: 3n, answer: 10_510_000n });

    // An operator's manual price (here a second keeper key) stands until the heartbeat is due.
    const send = async (
      from: Address,
      request: Parameters<ReturnType<InProcessChain['walletFor']>['writeContract']>[0],
    ) =>
      chain.publicClient.waitForTransactionReceipt({
        hash: await chain.walletFor(from).writeContract(request),
      });
    await send(adminAccount, {
      address: feed,
      abi: priceFeedAbi,
      functionName: 'grantRole',
      args: [FAR_ROLES.priceKeeper, operatorAccount],
      chain: undefined,
    });
    await send(operatorAccount, {
      address: feed,
      abi: priceFeedAbi,
      functionName: 'setPrice',
      args: [11_000_000n],
      chain: undefined,
    });
    expect(await k.runOnce()).toEqual({ action: 'skip' });
    expect(await latest()).toMatchObject({ round: 4n, answer: 11_000_000n });
    await chain.increaseTime(3600n);
    expect(await k.runOnce()).toEqual({ action: 'update', reason: 'deviation' });
    const published = await latest();
    expect(published).toMatchObject({ round: 5n, answer: 10_510_000n });

    const gauge = await metrics.priceFeedUpdatedAt.get();
    expect(gauge.values[0]?.value).toBe(Number(published.updatedAt));
    const refusals = await metrics.priceKeeperRefusals.get();
    expect(refusals.values.map((v) => [v.labels.reason, v.value]).sort()).toEqual([
      ['deviation_too_high', 1],
      ['out_of_bounds', 1],
    ]);
  });

  it('counts an unreadable source and keeps going when started', async () => {
    await writeFile(file(), 'not json');
    const k = keeper();
    expect(await k.runOnce()).toBeUndefined();
    const errors = await metrics.priceKeeperErrors.get();
    expect(errors.values.find((v) => v.labels.stage === 'source')?.value).toBe(1);

    await setSource('0.12');
    k.start();
    const deadline = Date.now() + 20_000;
    while ((await latest()).answer !== 12_000_000n && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await k.stop();
    expect((await latest()).answer).toBe(12_000_000n);
  });
});
