import { type Deployments, inferencePaymentAbi } from '@far/contracts';
import type { Db } from '@far/db';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { PublicClient } from 'viem';
import { AddressString, UintInput, WeiString } from '../chain/apiFieldSchemas.js';
import { explainChainError } from '../chain/explainChainError.js';
import type { AppEnv } from '../http/appEnv.js';
import { ErrorSchema, errorResponses, jsonBody, jsonRequestBody } from '../http/openapi.js';
import {
  readSpendingAuthorizationStatus,
  type SpendingAuthorizationStatus,
} from './readSpendingAuthorizationStatus.js';
import {
  DEFAULT_SPENDING_AUTHORIZATION_SECONDS,
  DEFAULT_SPENDING_CAP,
  nextSpendingAuthorizationNonce,
  spendingAuthorizationTypedData,
} from './spendingAuthorizationTypedData.js';
import { storeSpendingAuthorization } from './storeSpendingAuthorization.js';
import type { SignedSpendingAuthorization } from './submitSpendingAuthorization.js';

export type SpendingAuthorizationRoutesOptions = {
  db: Db;
  deployments: Deployments;
  publicClient: PublicClient;
  requireCaller: MiddlewareHandler<AppEnv>;
  /** How long a stored authorization must still be valid (see minSpendingAuthorizationValiditySeconds). */
  minAuthorizationValiditySeconds: bigint;
  /** Puts a signed authorization on chain before it is stored (see submitSpendingAuthorization). */
  submitAuthorization?: ((signed: SignedSpendingAuthorization) => Promise<void>) | undefined;
};

const TypedDataSchema = z
  .object({
    domain: z.object({
      name: z.string(),
      version: z.string(),
      chainId: z.number().int(),
      verifyingContract: AddressString,
    }),
    types: z.object({ SpendingAuthorization: z.array(z.object({ name: z.string(), type: z.string() })) }),
    primaryType: z.literal('SpendingAuthorization'),
    message: z.object({ user: AddressString, cap: WeiString, expiry: WeiString, nonce: WeiString }),
    current: z.object({ allowanceWei: WeiString, expiry: WeiString, nonce: WeiString }),
  })
  .openapi('SpendingAuthorizationTypedData');

const SpendingAuthorizationSchema = z
  .object({
    id: z.uuid(),
    walletAddress: AddressString,
    cap: WeiString,
    expiry: WeiString,
    nonce: WeiString,
    settlementBatchId: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi('SpendingAuthorization');

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
      cap: WeiString.optional(),
      expiry: WeiString.optional().openapi({ description: 'unix seconds' }),
    }),
  },
  responses: { 200: jsonBody(TypedDataSchema, 'Typed data to sign'), ...errorResponses },
});

const StatusSchema = z
  .object({
    onChain: z.object({ allowanceWei: WeiString, expiry: WeiString, nonce: WeiString }),
    scheduled: z
      .object({ capWei: WeiString, expiry: WeiString, effectiveAt: WeiString, nonce: WeiString })
      .nullable()
      .openapi({
        description: 'A reduction accepted on chain that replaces the live authorization at effectiveAt',
      }),
    pending: z.object({ capWei: WeiString, expiry: WeiString, nonce: WeiString }).nullable(),
    unsettledWei: WeiString,
    headroomWei: WeiString,
    validUntil: WeiString.openapi({ description: 'unix seconds until which charges can be settled' }),
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
    body: jsonRequestBody(
      z.strictObject({
        cap: UintInput,
        expiry: UintInput,
        nonce: UintInput,
        signature: z.string().regex(/^0x[0-9a-fA-F]+$/),
      }),
    ),
  },
  responses: {
    201: jsonBody(SpendingAuthorizationSchema, 'Stored'),
    409: jsonBody(ErrorSchema, 'Nonce already stored'),
    ...errorResponses,
  },
});

/**
 * The caller's spending authorization: the EIP-712 typed data to sign, its status (on chain,
 * scheduled, pending, headroom) and storing a signed one (put on chain first when the API holds
 * the coordinator's key).
 *
 * @param options - database, deployments, chain client, the auth middleware and the admission limits.
 * @returns a router to mount at `/`.
 * @example
 * app.route('/', spendingAuthorizationRoutes({ db, deployments, publicClient, requireCaller, minAuthorizationValiditySeconds: 480n }));
 */
export function spendingAuthorizationRoutes(options: SpendingAuthorizationRoutesOptions) {
  const { db, deployments, publicClient, minAuthorizationValiditySeconds } = options;
  const app = new OpenAPIHono<AppEnv>();
  app.use('/api/spending-authorization', options.requireCaller);
  app.use('/api/spending-authorization/*', options.requireCaller);

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
    return c.json(typedDataToWire(typed, current), 200);
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
    return c.json(statusToWire(status), 200);
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

  return app;
}

/** The typed data to sign and the authorization on chain now, uint256 fields as decimal strings. */
function typedDataToWire(
  typed: ReturnType<typeof spendingAuthorizationTypedData>,
  current: readonly [bigint, bigint, bigint],
) {
  return {
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
  };
}

/** The status in wire form: wei and times as decimal strings. */
function statusToWire(status: SpendingAuthorizationStatus) {
  return {
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
  };
}
