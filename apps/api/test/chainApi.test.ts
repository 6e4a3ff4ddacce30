import { inferencePaymentAbi } from '@far/contracts';
import { createTestDb, type TestDbHandle, testDrivers } from '@far/db';
import { type Address, parseEther, toHex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { createDbNonceStore } from '../src/auth/nonceStore.js';
import { createMemoryRateLimiter } from '../src/auth/rateLimiter.js';
import { ChainError } from '../src/chain/ChainError.js';
import { chainRoutes } from '../src/chain/chainRoutes.js';
import { explainChainError } from '../src/chain/explainChainError.js';
import { parseConfig } from '../src/config/parseConfig.js';
import { createChainIndexer } from '../src/indexer/createChainIndexer.js';
import { createLogger } from '../src/observability/createLogger.js';
import { createMetrics } from '../src/observability/createMetrics.js';
import { type ChainTestbed, createChainTestbed } from './support/createChainTestbed.js';
import { TEST_JWT_SECRET } from './support/createTestApp.js';
import { postJson, signIn } from './support/signIn.js';

const logger = createLogger('silent');

describe.each(testDrivers())('chain API on %s', (driver) => {
  let testDb: TestDbHandle;
  let bed: ChainTestbed;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    testDb = await createTestDb({ driver });
    bed = await createChainTestbed();
    app = createApp({
      config: parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
      db: testDb.db,
      logger,
      metrics: createMetrics(),
      nonces: createDbNonceStore(testDb.db),
      rateLimiter: createMemoryRateLimiter(),
      jwtSecret: TEST_JWT_SECRET,
      readiness: {},
      routes: (root, { requireCaller }) =>
        root.route(
          '/',
          chainRoutes({
            db: testDb.db,
            deployments: bed.deployments,
            publicClient: bed.publicClient,
            requireCaller,
            rpcUrl: 'http://127.0.0.1:8545',
          }),
        ),
    });
  });
  afterAll(async () => {
    await testDb?.close();
  });

  const user = (index: number): Address => {
    const address = bed.users[index];
    if (address === undefined) throw new Error(`no dev user ${index}`);
    return address;
  };
  const signInAs = async (address: Address) => {
    const privateKey = bed.signerOf(address).getHdKey().privateKey;
    if (privateKey === null) throw new Error('no private key');
    return signIn(app, toHex(privateKey));
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('tells the web app where the contracts are and what FAR costs', async () => {
    const response = await app.request('/api/chain');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      chainId: 31337,
      rpcUrl: 'http://127.0.0.1:8545',
      contracts: bed.deployments.contracts,
      farUsdPrice: '0.1',
      farUsdPriceStale: false,
      deployBlock: bed.deployments.deployBlock,
    });
  });

  it('hands out typed data, verifies the signature and stores the authorization once', async () => {
    const address = user(0);
    const { accessToken } = await signInAs(address);
    const typedResponse = await app.request('/api/spending-authorization/typed-data', {
      headers: bearer(accessToken),
    });
    expect(typedResponse.status).toBe(200);
    const typed = (await typedResponse.json()) as {
      domain: { chainId: number; verifyingContract: string };
      message: { user: string; cap: string; expiry: string; nonce: string };
    };
    expect(typed.domain).toMatchObject({
      chainId: 31337,
      verifyingContract: bed.deployments.contracts.inferencePayment,
    });
    expect(typed.message).toMatchObject({ user: address, cap: parseEther('1000000').toString(), nonce: '1' });
    const expiry = BigInt(typed.message.expiry);
    expect(expiry - (await bed.chain.latestTimestamp())).toBe(365n * 24n * 3600n);

    const cap = BigInt(typed.message.cap);
    const signature = await bed.signAuthorization(address, cap, expiry, 1n);
    const body = { cap: typed.message.cap, expiry: typed.message.expiry, nonce: '1', signature };
    const stored = await postJson(app, '/api/spending-authorization', body, bearer(accessToken));
    expect(stored.status).toBe(201);
    expect(await stored.json()).toMatchObject({
      walletAddress: address.toLowerCase(),
      cap: typed.message.cap,
      nonce: '1',
    });

    const again = await postJson(app, '/api/spending-authorization', body, bearer(accessToken));
    expect(again.status).toBe(409);

    // The next authorization must go above the stored nonce, not just the on-chain one.
    const next = (await (
      await app.request('/api/spending-authorization/typed-data', { headers: bearer(accessToken) })
    ).json()) as { message: { nonce: string } };
    expect(next.message.nonce).toBe('2');

    const status = await app.request('/api/spending-authorization', { headers: bearer(accessToken) });
    expect(status.status).toBe(200);
    // This API holds no coordinator key, so the authorization is only stored: nothing is admitted
    // under it until it is on chain, since the user could still overtake it with another nonce.
    expect(await status.json()).toEqual({
      onChain: { allowanceWei: '0', expiry: '0', nonce: '0' },
      scheduled: null,
      pending: { capWei: typed.message.cap, expiry: typed.message.expiry, nonce: '1' },
      unsettledWei: '0',
      headroomWei: '0',
      validUntil: '0',
      active: false,
    });
  });

  it("refuses another wallet's signature and an expired authorization", async () => {
    const address = user(1);
    const { accessToken } = await signInAs(address);
    const expiry = (await bed.chain.latestTimestamp()) + 3600n;
    const forged = await bed.signAuthorization(user(2), 10n, expiry, 1n);
    const wrongSigner = await postJson(
      app,
      '/api/spending-authorization',
      { cap: '10', expiry: expiry.toString(), nonce: '1', signature: forged },
      bearer(accessToken),
    );
    expect(wrongSigner.status).toBe(401);
    expect(((await wrongSigner.json()) as { error: { code: string } }).error.code).toBe('invalid_signature');

    const past = (await bed.chain.latestTimestamp()) - 10n;
    const expired = await postJson(
      app,
      '/api/spending-authorization',
      {
        cap: '10',
        expiry: past.toString(),
        nonce: '1',
        signature: await bed.signAuthorization(address, 10n, past, 1n),
      },
      bearer(accessToken),
    );
    expect(expired.status).toBe(422);

    // Valid for a minute: the guard would admit requests the batcher could never settle in time.
    const soon = (await bed.chain.latestTimestamp()) + 60n;
    const tooShort = await postJson(
      app,
      '/api/spending-authorization',
      {
        cap: '10',
        expiry: soon.toString(),
        nonce: '1',
        signature: await bed.signAuthorization(address, 10n, soon, 1n),
      },
      bearer(accessToken),
    );
    expect(tooShort.status).toBe(422);
    expect(((await tooShort.json()) as { error: { message: string } }).error.message).toMatch(/expiry/);
  });

  it("lists the caller's deposits with their chain transaction", async () => {
    const address = user(3);
    const receipt = await bed.deposit(address, parseEther('42'));
    await createChainIndexer({
      db: testDb.db,
      publicClient: bed.publicClient,
      deployments: bed.deployments,
      logger,
    }).syncOnce();
    const { accessToken } = await signInAs(address);
    const response = await app.request('/api/transactions', { headers: bearer(accessToken) });
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: Array<Record<string, unknown>> };
    expect(data).toEqual([
      expect.objectContaining({
        kind: 'deposit',
        amountWei: parseEther('42').toString(),
        txHash: receipt.transactionHash,
      }),
    ]);
    expect((await app.request('/api/transactions')).status).toBe(401);
  });

  it('lists settlement batches', async () => {
    const response = await app.request('/api/settlement/batches?limit=5');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: [] });
  });

  it('explains a deposit without an allowance in words', async () => {
    let caught: unknown;
    try {
      await bed.publicClient.simulateContract({
        account: user(4),
        address: bed.deployments.contracts.inferencePayment,
        abi: inferencePaymentAbi,
        functionName: 'deposit',
        args: [parseEther('1')],
      });
    } catch (error) {
      caught = error;
    }
    const explained = explainChainError(caught);
    expect(explained).toBeInstanceOf(ChainError);
    expect((explained as ChainError).reason).toBe('ERC20InsufficientAllowance');
    expect(explained.message).toMatch(
      /^Insufficient allowance: approve 0x[0-9a-fA-F]{40} to spend at least 1 FAR/,
    );
    expect(explained.status).toBe(502);
  });
});
