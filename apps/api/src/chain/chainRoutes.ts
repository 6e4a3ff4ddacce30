import { type Deployments, inferencePaymentAbi } from '@far/contracts';
import { type Db, settlementBatches } from '@far/db';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { desc } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import type { PublicClient } from 'viem';
import type { AppEnv } from '../http/appEnv.js';
import { ErrorSchema, errorResponses, jsonBody } from '../http/openapi.js';
import { listUserTransactions } from '../ledger/listUserTransactions.js';
import { readFarUsdPriceForDisplay } from '../price/readFarUsdPriceForDisplay.js';
import { publicSettlementErrorCode } from '../settlement/publicSettlementErrorCode.js';
import { fromSettlementBatchItems } from '../settlement/settlementBatchItems.js';
import { minSpendingAuthorizationValiditySeconds } from '../spendingAuthorization/minSpendingAuthorizationValiditySeconds.js';
import { readSpendingAuthorizationStatus } from '../spendingAuthorization/readSpendingAuthorizationStatus.js';
import {
  DEFAULT_SPENDING_AUTHORIZATION_SECONDS,
  DEFAULT_SPENDING_CAP,
  nextSpendingAuthorizationNonce,
  spendingAuthorizationTypedData,
} from '../spendingAuthorization/spendingAuthorizationTypedData.js';
import { storeSpendingAuthorization } from '../spendingAuthorization/storeSpendingAuthorization.js';
import type { SignedSpendingAuthorization } from '../spendingAuthorization/submitSpendingAuthorization.js';
import { explainChainError } from './explainChainError.js';

export type ChainRoutesOptions = {
  db: Db;
  deployments: Deployments;
  publicClient: PublicClient;
  requireCaller: MiddlewareHandler<AppEnv>;
  /** The RPC URL browsers should use; default: the public client's HTTP URL. */
  rpcUrl?: string;
  /** How long a stored authorization must still be valid (see minSpendingAuthorizationValiditySeconds). */
  minAuthorizationValiditySeconds?: bigint;
  /** Puts a signed authorization on chain before it is stored (see submitSpendingAuthorization). */
  submitAuthorization?: (signed: SignedSpendingAuthorization) => Promise<void>;
};

const Address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/)
  .openapi({ example: '0x5FbDB2315678afecb367f032d93F642f64180aa3' });
const Wei = z
  .string()
  .regex(/^\d{1,78}$/)
  .openapi({ description: 'wei as a decimal string', example: '1000000000000000000' });
const SignedWei = z
  .string()
  .regex(/^-?\d{1,78}$/)
  .openapi({ description: 'signed wei as a decimal string' });
/** uint256 values arrive as decimal strings (or small numbers) since JSON has no bigint. */
const Uint = z
  .union([z.string().regex(/^\d{1,78}$/), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)])
  .transform((value) => BigInt(value));

const ChainInfoSchema = z
  .object({
    chainId: z.number().int(),
    rpcUrl: z.string(),
    contracts: z.object({
      farToken: Address,
      farStaking: Address,
      inferencePayment: Address,
      priceFeed: Address,
    }),
    farUsdPrice: z.string().openapi({ description: 'dollars per FAR', example: '0.1' }),
    farUsdPriceStale: z.boolean(),
    deployBlock: z.number().int(),
  })
  .openapi('ChainInfo');

const TypedDataSchema = z
  .object({
    domain: z.object({
      name: z.string(),
      version: z.string(),
      chainId: z.number().int(),
      verifyingContract: Address,
    }),
    types: z.object({ SpendingAuthorization: z.array(z.object({ name: z.string(), type: z.string() })) }),
    primaryType: z.literal('SpendingAuthorization'),
    message: z.object({ user: Address, cap: Wei, expiry: Wei, nonce: Wei }),
    current: z.object({ allowanceWei: Wei, expiry: Wei, nonce: Wei }),
  })
  .openapi('SpendingAuthorizationTypedData');

const SpendingAuthorizationSchema = z
  .object({
    id: z.uuid(),
    walletAddress: Address,
    cap: Wei,
    expiry: Wei,
    nonce: Wei,
    settlementBatchId: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi('SpendingAuthorization');

const TransactionSchema = z
  .object({
    id: z.uuid(),
    kind: z.string(),
    amountWei: SignedWei,
    createdAt: z.iso.datetime(),
    txHash: z.string().nullable(),
  })
  .openapi('LedgerTransaction');

const BatchSchema = z
  .object({
    id: z.uuid(),
    batchNumber: z.string(),
    status: z.enum(['pending', 'submitted', 'confirmed', 'failed']),
    txHash: z.string().nullable(),
    totalWei: Wei,
    stakersShareWei: Wei,
    treasuryShareWei: Wei,
    users: z.number().int(),
    nodes: z.number().int(),
    periodStart: z.iso.datetime(),
    periodEnd: z.iso.datetime(),
    errorCode: z.string().nullable().openapi({
      description: 'why the batch failed: a contract error name or settlement_failed; null when it did not',
      example: 'SpendingCapExceeded',
    }),
    error: z
      .string()
      .nullable()
      .optional()
      .openapi({ description: "the batcher's full error text; operators only" }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi('SettlementBatch');

const limitQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50).openapi({ example: 50 }),
});

const chainInfoRoute = createRoute({
  method: 'get',
  path: '/api/chain',
  tags: ['chain'],
  summary: 'Chain id, RPC URL, contract addresses and the FAR/USD price',
  responses: {
    200: jsonBody(ChainInfoSchema, 'Where the contracts are'),
    502: jsonBody(ErrorSchema, 'Chain unreachable'),
    ...errorResponses,
  },
});

const typedDataRoute = createRoute({
  method: 'get',
  path: '/api/spending-authorization/typed-data',
  tags: ['chain'],
  summary: 'The EIP-712 spending authorization the caller should sign',
  description:
    'Cap defaults to 1,000,000 FAR and expiry to one year from now; the nonce is one above the on-chain (and any stored) nonce. uint256 fields are decimal strings: convert them to bigint before signTypedData.',
  security: [{ bearer: [] }],
  request: {
    query: z.object({
      cap: Wei.optional(),
      expiry: Wei.optional().openapi({ description: 'unix seconds' }),
    }),
  },
  responses: { 200: jsonBody(TypedDataSchema, 'Typed data to sign'), ...errorResponses },
});

const StatusSchema = z
  .object({
    onChain: z.object({ allowanceWei: Wei, expiry: Wei, nonce: Wei }),
    scheduled: z.object({ capWei: Wei, expiry: Wei, effectiveAt: Wei, nonce: Wei }).nullable().openapi({
      description: 'A reduction accepted on chain that replaces the live authorization at effectiveAt',
    }),
    pending: z.object({ capWei: Wei, expiry: Wei, nonce: Wei }).nullable(),
    unsettledWei: Wei,
    headroomWei: Wei,
    validUntil: Wei.openapi({ description: 'unix seconds until which charges can be settled' }),
    active: z.boolean(),
  })
  .openapi('SpendingAuthorizationStatus');

const statusRoute = createRoute({
  method: 'get',
  path: '/api/spending-authorization',
  tags: ['chain'],
  summary: "The caller's spending authorization: on chain, pending, and the headroom left under the cap",
  security: [{ bearer: [] }],
  responses: { 200: jsonBody(StatusSchema, 'Status'), ...errorResponses },
});

const storeRoute = createRoute({
  method: 'post',
  path: '/api/spending-authorization',
  tags: ['chain'],
  summary:
    "Put a signed spending authorization on chain from the coordinator's wallet, then store it (409/422 naming the contract error if the contract refuses it)",
  security: [{ bearer: [] }],
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.strictObject({
            cap: Uint,
            expiry: Uint,
            nonce: Uint,
            signature: z.string().regex(/^0x[0-9a-fA-F]+$/),
          }),
        },
      },
    },
  },
  responses: {
    201: jsonBody(SpendingAuthorizationSchema, 'Stored'),
    409: jsonBody(ErrorSchema, 'Nonce already stored'),
    ...errorResponses,
  },
});

const transactionsRoute = createRoute({
  method: 'get',
  path: '/api/transactions',
  tags: ['chain'],
  summary: "The caller's deposits, withdrawals and charges, newest first",
  security: [{ bearer: [] }],
  request: { query: limitQuery },
  responses: {
    200: jsonBody(z.object({ data: z.array(TransactionSchema) }), 'Transactions'),
    ...errorResponses,
  },
});

const batchesRoute = createRoute({
  method: 'get',
  path: '/api/settlement/batches',
  tags: ['chain'],
  summary: 'Recent on-chain settlement batches',
  description:
    'Public: what each batch moved and whether it landed, with a stable error code. The full error text goes to operators only (see /metrics for how they authenticate).',
  request: { query: limitQuery },
  responses: {
    200: jsonBody(z.object({ data: z.array(BatchSchema) }), 'Batches, newest first'),
    ...errorResponses,
  },
});

/**
 * The chain-facing API: contract addresses and price, spending authorizations (typed data to
 * sign, and storing signed ones), the caller's ledger transactions, and settlement batches.
 *
 * @param options - database, deployments, chain client, the auth middleware, the browser RPC URL.
 * @returns a router to mount with `app.route('/', chainRoutes(...))`.
 * @example
 * createApp({ ...deps, routes: (app, { requireCaller }) => app.route('/', chainRoutes({ db, deployments, publicClient, requireCaller })) });
 */
export function chainRoutes(options: ChainRoutesOptions) {
  const { db, deployments, publicClient } = options;
  const minAuthorizationValiditySeconds =
    options.minAuthorizationValiditySeconds ?? minSpendingAuthorizationValiditySeconds();
  const rpcUrl = options.rpcUrl ?? (publicClient.transport as { url?: string }).url ?? '';
  const app = new OpenAPIHono<AppEnv>();
  app.use('/api/spending-authorization', options.requireCaller);
  app.use('/api/spending-authorization/*', options.requireCaller);
  app.use('/api/transactions', options.requireCaller);

  app.openapi(chainInfoRoute, async (c) => {
    const { price, stale } = await readFarUsdPriceForDisplay(publicClient, deployments);
    return c.json(
      {
        chainId: deployments.chainId,
        rpcUrl,
        contracts: deployments.contracts,
        farUsdPrice: price,
        farUsdPriceStale: stale,
        deployBlock: deployments.deployBlock,
      },
      200,
    );
  });

  app.openapi(typedDataRoute, async (c) => {
    const caller = c.get('caller');
    const query = c.req.valid('query');
    let current: readonly [bigint, bigint, bigint];
    let now: bigint;
    try {
      [current, now] = await Promise.all([
        publicClient.readContract({
          address: deployments.contracts.inferencePayment,
          abi: inferencePaymentAbi,
          functionName: 'spendingAuthorizationOf',
          args: [caller.walletAddress],
        }),
        publicClient.getBlock({ blockTag: 'latest' }).then((b) => b.timestamp),
      ]);
    } catch (error) {
      throw explainChainError(error);
    }
    const nonce = await nextSpendingAuthorizationNonce(db, publicClient, deployments, caller.walletAddress);
    const typed = spendingAuthorizationTypedData(deployments, {
      user: caller.walletAddress,
      cap: query.cap === undefined ? DEFAULT_SPENDING_CAP : BigInt(query.cap),
      expiry:
        query.expiry === undefined ? now + DEFAULT_SPENDING_AUTHORIZATION_SECONDS : BigInt(query.expiry),
      nonce,
    });
    return c.json(
      {
        domain: typed.domain,
        types: { SpendingAuthorization: [...typed.types.SpendingAuthorization] },
        primaryType: typed.primaryType,
        message: {
          user: typed.message.user,
          cap: typed.message.cap.toString(),
          expiry: typed.message.expiry.toString(),
          nonce: typed.message.nonce.toString(),
        },
        current: {
          allowanceWei: current[0].toString(),
          expiry: current[1].toString(),
          nonce: current[2].toString(),
        },
      },
      200,
    );
  });

  app.openapi(statusRoute, async (c) => {
    const caller = c.get('caller');
    const status = await readSpendingAuthorizationStatus(
      db,
      publicClient,
      deployments,
      caller,
      minAuthorizationValiditySeconds,
    );
    return c.json(
      {
        onChain: {
          allowanceWei: status.onChain.allowance.toString(),
          expiry: status.onChain.expiry.toString(),
          nonce: status.onChain.nonce.toString(),
        },
        scheduled:
          status.scheduled === null
            ? null
            : {
                capWei: status.scheduled.cap.toString(),
                expiry: status.scheduled.expiry.toString(),
                effectiveAt: status.scheduled.effectiveAt.toString(),
                nonce: status.scheduled.nonce.toString(),
              },
        pending:
          status.pending === null
            ? null
            : {
                capWei: status.pending.cap.toString(),
                expiry: status.pending.expiry.toString(),
                nonce: status.pending.nonce.toString(),
              },
        unsettledWei: status.unsettledWei.toString(),
        headroomWei: status.headroomWei.toString(),
        validUntil: status.validUntil.toString(),
        active: status.active,
      },
      200,
    );
  });

  app.openapi(storeRoute, async (c) => {
    const caller = c.get('caller');
    const body = c.req.valid('json');
    const row = await storeSpendingAuthorization(
      db,
      publicClient,
      deployments,
      {
        userId: caller.userId,
        walletAddress: caller.walletAddress,
        cap: body.cap,
        expiry: body.expiry,
        nonce: body.nonce,
        signature: body.signature as `0x${string}`,
      },
      { minValiditySeconds: minAuthorizationValiditySeconds, submit: options.submitAuthorization },
    );
    return c.json(
      {
        id: row.id,
        walletAddress: row.walletAddress,
        cap: row.capWei.toString(),
        expiry: row.expiry.toString(),
        nonce: row.nonce.toString(),
        settlementBatchId: row.settlementBatchId,
        createdAt: row.createdAt.toISOString(),
      },
      201,
    );
  });

  app.openapi(transactionsRoute, async (c) => {
    const rows = await listUserTransactions(db, c.get('caller').userId, c.req.valid('query').limit);
    return c.json(
      {
        data: rows.map((r) => ({
          ...r,
          amountWei: r.amountWei.toString(),
          createdAt: r.createdAt.toISOString(),
        })),
      },
      200,
    );
  });

  app.openapi(batchesRoute, async (c) => {
    const operator = c.get('operator')();
    const rows = await db
      .select()
      .from(settlementBatches)
      .orderBy(desc(settlementBatches.batchNumber))
      .limit(c.req.valid('query').limit);
    return c.json(
      {
        data: rows.map((b) => {
          const content = fromSettlementBatchItems(b.items);
          return {
            id: b.id,
            batchNumber: b.batchNumber.toString(),
            status: b.status,
            txHash: b.txHash,
            totalWei: b.totalWei.toString(),
            stakersShareWei: content.stakersShare.toString(),
            treasuryShareWei: content.treasuryShare.toString(),
            users: content.debits.length,
            nodes: content.credits.length,
            periodStart: b.periodStart.toISOString(),
            periodEnd: b.periodEnd.toISOString(),
            errorCode: publicSettlementErrorCode(b.error),
            ...(operator ? { error: b.error } : {}),
            createdAt: b.createdAt.toISOString(),
            updatedAt: b.updatedAt.toISOString(),
          };
        }),
      },
      200,
    );
  });

  return app;
}
