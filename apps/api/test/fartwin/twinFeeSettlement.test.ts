import { farStakingAbi, farTokenAbi, inferencePaymentAbi, revenueSourceId } from '@far/contracts';
import { fartwinCharges, gpuNodes } from '@far/db';
import { eq } from 'drizzle-orm';
import { type Address, parseEther, toHex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertUser } from '../../src/auth/upsertUser.js';
import { createInProcessBus } from '../../src/bus/createInProcessBus.js';
import { createChainIndexer } from '../../src/indexer/createChainIndexer.js';
import { getAccountBalance } from '../../src/ledger/getAccountBalance.js';
import { createLogger } from '../../src/observability/createLogger.js';
import { createSettlementBatcher } from '../../src/settlement/createSettlementBatcher.js';
import { storeSpendingAuthorization } from '../../src/spendingAuthorization/storeSpendingAuthorization.js';
import { type ChainTestbed, createChainTestbed } from '../support/createChainTestbed.js';
import type { createTestApp } from '../support/createTestApp.js';
import { createTwinChatTestApp } from '../support/createTwinChatTestApp.js';
import { signIn } from '../support/signIn.js';

const PRICE = 10_000_000n; // $0.10 per FAR, 8 decimals
const FEE = 5n * 10n ** 18n + 3n; // per million tokens: odd, so every split rounds
const ANSWER = ['Bees', ' like', ' lavender', '.'];
const logger = createLogger('silent');
const bus = createInProcessBus();

let t: Awaited<ReturnType<typeof createTestApp>>;
let bed: ChainTestbed;
let creator: Awaited<ReturnType<typeof signIn>>;
let caller: Awaited<ReturnType<typeof signIn>>;
let creatorWallet: Address;
let callerWallet: Address;

const json = (token: string, method: string, path: string, body?: unknown) =>
  t.app.request(path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const payment = () =>
  ({ address: bed.deployments.contracts.inferencePayment, abi: inferencePaymentAbi }) as const;
const staking = () => ({ address: bed.deployments.contracts.farStaking, abi: farStakingAbi }) as const;
/** Signs in to the API as a dev account of the chain (so the same wallet can act on chain). */
const signInAs = (address: Address) => {
  const key = bed.signerOf(address).getHdKey().privateKey;
  if (!key) throw new Error('no private key');
  return signIn(t.app, toHex(key));
};
const indexer = () =>
  createChainIndexer({ db: t.db, publicClient: bed.publicClient, deployments: bed.deployments, logger });
const batcher = () =>
  createSettlementBatcher({
    db: t.db,
    publicClient: bed.publicClient,
    walletClient: bed.coordinatorWallet,
    deployments: bed.deployments,
    logger,
    periodMs: 60_000,
  });

beforeAll(async () => {
  bed = await createChainTestbed();
  ({ t } = await createTwinChatTestApp({ price: PRICE, answer: ANSWER, logger, bus }));
  [creatorWallet, callerWallet] = bed.users as [Address, Address];
  creator = await signInAs(creatorWallet);
  caller = await signInAs(callerWallet);

  // The caller deposits on chain (indexed into the ledger) and signs a spending authorization.
  await bed.deposit(callerWallet, parseEther('100'));
  await indexer().syncOnce();
  const user = await upsertUser(t.db, callerWallet);
  const expiry = (await bed.chain.latestTimestamp()) + 365n * 24n * 3600n;
  await storeSpendingAuthorization(t.db, bed.publicClient, bed.deployments, {
    userId: user.id,
    walletAddress: callerWallet,
    cap: parseEther('50'),
    expiry,
    nonce: 1n,
    signature: await bed.signAuthorization(callerWallet, parseEther('50'), expiry, 1n),
  });
  const twin = {
    handle: 'beekeeper',
    name: 'Beekeeper',
    persona: 'A beekeeper who answers briefly.',
    baseModel: 'far-demo',
    visibility: 'public',
    creatorFeeWeiPerMillion: FEE.toString(),
  };
  expect((await json(creator.accessToken, 'POST', '/api/fartwin/twins', twin)).status).toBe(201);
});
afterAll(async () => {
  await bus.close();
  await t?.close();
});

describe('a twin fee through settlement on the chain', () => {
  it('debits the caller for price + fee, credits the creator, and the fee stakers share reaches FARStaking as fartwin', async () => {
    for (const question of ['Which flowers?', 'And in winter?']) {
      const response = await json(caller.accessToken, 'POST', '/v1/chat/completions', {
        model: 'twin:beekeeper',
        messages: [{ role: 'user', content: question }],
        max_tokens: 16,
      });
      expect(response.status).toBe(200);
    }
    const charges = await t.db.select().from(fartwinCharges).where(eq(fartwinCharges.handle, 'beekeeper'));
    expect(charges).toHaveLength(2);
    const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);
    const fee = sum(charges.map((c) => c.feeFarWei));
    const creatorShare = sum(charges.map((c) => c.creatorShareWei));
    const feeStakers = sum(charges.map((c) => c.stakersShareWei));
    expect(creatorShare).toBe(
      await getAccountBalance(t.db, { kind: 'creator_earnings', userId: creator.user.id }),
    );
    const ledgerStakers = await getAccountBalance(t.db, { kind: 'stakers_pool' });
    const ledgerTreasury = await getAccountBalance(t.db, { kind: 'treasury' });
    const callerBalanceBefore = await bed.publicClient.readContract({
      ...payment(),
      functionName: 'userBalances',
      args: [callerWallet],
    });

    const result = await batcher().settleOnce();
    expect(result.status).toBe('settled');
    expect(result.charges).toBe(2);

    // Exact to the wei: what left the caller's escrow is the inference price plus the fee, and
    // it went to the node, the creator, the stakers (two sources) and the treasury.
    const callerBalanceAfter = await bed.publicClient.readContract({
      ...payment(),
      functionName: 'userBalances',
      args: [callerWallet],
    });
    const debited = callerBalanceBefore - callerBalanceAfter;
    const nodeOwner = (await t.db.select().from(gpuNodes))[0]?.ownerAddress as Address;
    const [nodeCredit] = await bed.publicClient.readContract({
      ...payment(),
      functionName: 'nodes',
      args: [nodeOwner],
    });
    const creatorCredit = await bed.publicClient.readContract({
      ...payment(),
      functionName: 'creatorCredit',
      args: [creatorWallet],
    });
    const bySource = (source: string) =>
      bed.publicClient.readContract({
        ...staking(),
        functionName: 'revenueBySource',
        args: [revenueSourceId(source)],
      });
    const fartwinRevenue = await bySource('fartwin');
    const inferenceRevenue = await bySource('inference');
    const treasury = await bed.publicClient.readContract({ ...payment(), functionName: 'treasuryBalance' });
    expect(creatorCredit).toBe(creatorShare);
    expect(fartwinRevenue).toBe(feeStakers);
    expect(feeStakers > 0n).toBe(true);
    expect(inferenceRevenue).toBe(ledgerStakers - feeStakers);
    expect(treasury).toBe(ledgerTreasury);
    expect(debited).toBe(nodeCredit + creatorCredit + fartwinRevenue + inferenceRevenue + treasury);
    expect(debited - fee).toBe(nodeCredit + inferenceRevenue + treasury - (fee - creatorShare - feeStakers));

    // The creator's earnings show settled, and the creator withdraws them like node earnings.
    const earnings = (await (await json(creator.accessToken, 'GET', '/api/fartwin/earnings')).json()) as {
      twins: { handle: string; tokens: number; earnedWei: string; pendingWei: string; settledWei: string }[];
    };
    expect(earnings.twins).toEqual([
      expect.objectContaining({
        handle: 'beekeeper',
        tokens: charges.reduce((n, c) => n + c.tokens, 0),
        earnedWei: creatorShare.toString(),
        pendingWei: '0',
        settledWei: creatorShare.toString(),
      }),
    ]);
    const before = await bed.publicClient.readContract({
      address: bed.deployments.contracts.farToken,
      abi: farTokenAbi,
      functionName: 'balanceOf',
      args: [creatorWallet],
    });
    await bed.send(creatorWallet, {
      ...payment(),
      functionName: 'withdrawCreatorEarnings',
      args: [creatorCredit],
    });
    const after = await bed.publicClient.readContract({
      address: bed.deployments.contracts.farToken,
      abi: farTokenAbi,
      functionName: 'balanceOf',
      args: [creatorWallet],
    });
    expect(after - before).toBe(creatorShare);
    // The indexer follows the withdrawal: the creator's ledger earnings go to the chain counterparty.
    await indexer().syncOnce();
    expect(await getAccountBalance(t.db, { kind: 'creator_earnings', userId: creator.user.id })).toBe(0n);
  });
});
