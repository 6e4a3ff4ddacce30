import { type Deployments, FAR_ROLES } from '@far/contracts';
import { adminAuditLog, type OperatorRoleName } from '@far/db';
import { createRoute, z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { type Hex, keccak256, type PublicClient, toBytes } from 'viem';
import { BaseError } from '../errors/BaseError.js';
import { jsonBody, jsonRequestBody } from '../http/openapi.js';
import type { AdminRoutesOptions } from './AdminRoutesOptions.js';
import { ALL_OPERATOR_ROLES } from './adminAccessRoutes.js';
import {
  ADMIN_ROUTE,
  AdminReasonSchema,
  AuditIdSchema,
  adminErrorResponses,
  createAdminRouter,
  DecimalIdSchema,
} from './adminOpenApi.js';
import { checkPriceUpdate } from './checkPriceUpdate.js';
import { consoleChainAbi } from './consoleChainAbi.js';
import {
  CONSOLE_CHAIN_ACTION_NAMES,
  CONSOLE_CHAIN_ACTIONS,
  type ConsoleChainActionName,
  consoleChainCall,
  consoleChainTarget,
} from './consoleChainActions.js';
import { listTimelockOperations } from './listTimelockOperations.js';
import { readConsoleChainState } from './readConsoleChainState.js';
import { readOperatorRoles } from './readOperatorRoles.js';
import { readSlashOnChain } from './readSlashOnChain.js';
import { completeAdminIntent, recordAdminIntent } from './recordAdminIntent.js';
import { requireRole } from './requireRole.js';
import { verifyConsoleChainTransaction } from './verifyConsoleChainTransaction.js';
import { FreshSignatureSchema, verifyFreshAdminSignature } from './verifyFreshAdminSignature.js';

const IntentSchema = z.object({
  action: z.enum(CONSOLE_CHAIN_ACTION_NAMES),
  contract: z.string().max(50).optional(),
  params: z.record(z.string(), z.string()).default({}),
  reason: AdminReasonSchema,
  fresh: FreshSignatureSchema,
});

const uint = z.string().openapi({ description: 'A uint256 as a decimal string' });

const ChainStateSchema = z.object({
  staking: z.object({
    address: z.string(),
    rewardRateBps: uint.nullable(),
    reserveWei: uint.nullable(),
    totalEffective: uint.nullable(),
    runwayDays: z.number().nullable().openapi({ description: 'Days the reserve pays rewards at this rate' }),
  }),
  priceFeed: z.object({
    address: z.string(),
    answer: uint.nullable().openapi({ description: 'FAR/USD with the feed decimals; null: no answer yet' }),
    updatedAt: z.iso.datetime().nullable(),
    minAnswer: uint.nullable(),
    maxAnswer: uint.nullable(),
    maxDeviationBps: uint.nullable(),
  }),
  paused: z.record(z.string(), z.boolean().nullable()),
});

const chainRoute = createRoute({
  ...ADMIN_ROUTE,
  method: 'get',
  path: '/api/admin/chain',
  summary: "The chain levers' values: reward rate, reserve runway, price feed, paused contracts, timelock",
  responses: {
    200: jsonBody(
      ChainStateSchema.extend({
        chainId: z.number().int(),
        roles: z.record(z.string(), z.string()).openapi({ description: 'Role name to its bytes32 id' }),
        timelock: z
          .object({
            address: z.string(),
            delaySeconds: z.string().nullable(),
            operations: z.array(
              z.object({
                operationId: z.string(),
                call: z.string(),
                scheduledBy: z.string(),
                reason: z.string(),
                eta: z.iso.datetime().nullable(),
                state: z.enum(['waiting', 'ready', 'done', 'cancelled']),
                executeArgs: z.array(z.string()),
              }),
            ),
          })
          .nullable(),
      }),
      'The levers',
    ),
    ...adminErrorResponses,
  },
});

const CallSchema = z.object({
  contract: z.string(),
  to: z.string(),
  functionName: z.string(),
  args: z.array(z.string()),
  scheduled: z
    .object({ functionName: z.string(), args: z.array(z.string()), operationId: z.string() })
    .optional(),
});

const intentRoute = createRoute({
  ...ADMIN_ROUTE,
  method: 'post',
  path: '/api/admin/chain-actions',
  summary:
    'Record a chain action (fund reserve, reward rate, price, pause…) signed fresh by the wallet; answers the call to send',
  request: { body: jsonRequestBody(IntentSchema) },
  responses: {
    201: jsonBody(
      z.object({ auditId: AuditIdSchema, call: CallSchema }),
      'Recorded, pending its transaction',
    ),
    ...adminErrorResponses,
  },
});

const completeRoute = createRoute({
  ...ADMIN_ROUTE,
  method: 'post',
  path: '/api/admin/chain-actions/{id}/complete',
  summary: 'Complete a chain action with its mined transaction; the audit row gets the values after',
  request: {
    params: z.object({ id: DecimalIdSchema }),
    body: jsonRequestBody(z.object({ txHash: z.string().regex(/^0x[0-9a-fA-F]{64}$/) })),
  },
  responses: {
    200: jsonBody(
      z.object({ auditId: AuditIdSchema, status: z.enum(['done', 'failed']), txHash: z.string() }),
      'Completed',
    ),
    ...adminErrorResponses,
  },
});

/** What a pending chain action's audit row keeps in `before`: the call asked for and the state then. */
const PendingBeforeSchema = z.object({
  call: z.object({
    contract: z.string(),
    to: z.string(),
    functionName: z.string(),
    args: z.array(z.string()),
  }),
});

/** The FarTimelock's minimum delay in seconds; undefined where no timelock is deployed. */
async function readTimelockDelay(chain: PublicClient, deployments: Deployments): Promise<bigint | undefined> {
  const timelock = deployments.contracts.timelock;
  if (!timelock) return undefined;
  return chain.readContract({ address: timelock, abi: consoleChainAbi, functionName: 'getMinDelay' });
}

function chainOf(options: AdminRoutesOptions): { chain: PublicClient; deployments: Deployments } {
  if (!options.chain || !options.deployments) {
    throw new BaseError('service_unavailable', 'No contracts are deployed on this network');
  }
  return { chain: options.chain, deployments: options.deployments };
}

/**
 * For a timelock execution or cancellation, the operation the console scheduled: its execute
 * arguments once its delay has passed, or whether it is still pending and can be cancelled.
 */
async function timelockOperationFor(
  options: AdminRoutesOptions,
  action: ConsoleChainActionName,
  operationId: string | undefined,
): Promise<{ scheduledArgs?: string[]; cancellable?: boolean }> {
  if (action !== 'timelock.execute' && action !== 'timelock.cancel') return {};
  const { chain, deployments } = chainOf(options);
  const operation = (await listTimelockOperations(options.db, chain, deployments)).find(
    (candidate) => candidate.operationId.toLowerCase() === operationId?.toLowerCase(),
  );
  if (!operation) return {};
  const allowed = action === 'timelock.execute' ? ['ready'] : ['waiting', 'ready'];
  if (!allowed.includes(operation.state)) {
    const eta = operation.eta ? ` (ETA ${operation.eta})` : '';
    throw new BaseError('conflict', `Operation ${operationId} is ${operation.state}${eta}`);
  }
  return action === 'timelock.execute' ? { scheduledArgs: operation.executeArgs } : { cancellable: true };
}

/**
 * The chain state an action's audit row keeps before and after: the levers, and for an appeal
 * decision the slash's NodeBond record (its status goes contested → executed or dismissed).
 */
async function actionState(
  chain: PublicClient,
  deployments: Deployments,
  call: { contract: string; functionName: string; args: string[] },
) {
  const state = await readConsoleChainState(chain, deployments);
  if (call.contract !== 'nodeBond' || call.functionName !== 'decideAppeal') return state;
  const slash = await readSlashOnChain(chain, deployments, call.args[0] as Hex);
  return { ...state, slash: slash ? { evidenceHash: call.args[0], ...slash } : null };
}

/**
 * The console's chain levers (staking reserve and rate, the price feed, pause/unpause, NodeBond
 * appeal decisions), sent from the operator's own wallet:
 * - `GET /api/admin/chain`: the levers' current values (reserve runway in days, last price, paused).
 * - `POST /api/admin/chain-actions`: checks the role and the fresh EIP-712 signature, refuses a price
 *   outside the feed's bounds or deviation, records the intent (pending audit row with the values
 *   before) and returns the call the wallet must send. No row, no call.
 * - `POST /api/admin/chain-actions/:id/complete` `{ txHash }`: verifies the transaction (sent by the
 *   same wallet, to that contract, with that call, mined) and completes the row with the values after.
 *
 * @example
 * app.route('/', adminChainRoutes(options));
 */
export function adminChainRoutes(options: AdminRoutesOptions) {
  const { db } = options;
  const app = createAdminRouter();
  const anyRole = requireRole(db, ...ALL_OPERATOR_ROLES);
  app.openapi({ ...chainRoute, middleware: [anyRole] }, async (c) => {
    const { chain, deployments } = chainOf(options);
    const timelock = deployments.contracts.timelock;
    return c.json(
      {
        chainId: deployments.chainId,
        roles: FAR_ROLES,
        ...(await readConsoleChainState(chain, deployments)),
        timelock: timelock
          ? {
              address: timelock,
              delaySeconds: (await readTimelockDelay(chain, deployments))?.toString() ?? null,
              operations: await listTimelockOperations(db, chain, deployments),
            }
          : null,
      },
      200,
    );
  });

  const actionRoles = requireRole(db, 'operator', 'treasurer', 'priceKeeper');
  app.openapi({ ...intentRoute, middleware: [actionRoles] }, async (c) => {
    const body = c.req.valid('json');
    const definition = CONSOLE_CHAIN_ACTIONS[body.action];
    const wallet = c.get('caller').walletAddress.toLowerCase() as `0x${string}`;
    const held = await readOperatorRoles(db, wallet);
    if (!held.includes(definition.role))
      throw new BaseError('forbidden', `This needs the ${definition.role} role`);
    const parsedParams = definition.params.safeParse(body.params);
    if (!parsedParams.success) {
      throw new BaseError(
        'validation_failed',
        `params: ${parsedParams.error.issues[0]?.message ?? 'invalid'}`,
      );
    }
    const params = parsedParams.data as Record<string, string>;
    const { chain, deployments } = chainOf(options);
    const target = consoleChainTarget(body.action, body.contract);
    await verifyFreshAdminSignature({
      nonces: options.nonces,
      chainId: options.chainId,
      wallet,
      action: body.action,
      target,
      params,
      reason: body.reason,
      signed: body.fresh,
    });
    const call = consoleChainCall(deployments, body.action, params, body.contract, {
      timelockDelay: await readTimelockDelay(chain, deployments),
      // A fresh nonce is never reused, so neither is a salt made from it: each schedule is distinct.
      salt: keccak256(toBytes(body.fresh.nonce)),
      ...(await timelockOperationFor(options, body.action, params.operationId)),
    });
    const state = await actionState(chain, deployments, call);
    if ('slash' in state && state.slash?.status !== 'contested') {
      throw new BaseError(
        'conflict',
        `Slash ${params.evidenceHash} is ${state.slash?.status ?? 'unknown'}, not contested`,
      );
    }
    if (body.action === 'priceFeed.setPrice') {
      const big = (value: string | null) => (value === null ? null : BigInt(value));
      checkPriceUpdate(BigInt(params.answer ?? '0'), {
        lastAnswer: big(state.priceFeed.answer),
        minAnswer: big(state.priceFeed.minAnswer),
        maxAnswer: big(state.priceFeed.maxAnswer),
        maxDeviationBps: big(state.priceFeed.maxDeviationBps),
      });
    }
    const auditId = await recordAdminIntent(
      db,
      {
        wallet,
        role: definition.role as OperatorRoleName,
        reason: body.reason,
        action: body.action,
        target,
        signature: body.fresh.signature,
      },
      { call, state },
    );
    return c.json({ auditId: auditId.toString(), call }, 201);
  });

  app.openapi({ ...completeRoute, middleware: [anyRole] }, async (c) => {
    const id = BigInt(c.req.valid('param').id);
    const { txHash } = c.req.valid('json');
    const wallet = c.get('caller').walletAddress.toLowerCase();
    const [row] = await db
      .select()
      .from(adminAuditLog)
      .where(and(eq(adminAuditLog.id, id), eq(adminAuditLog.actorWallet, wallet)));
    if (!row) throw new BaseError('not_found', `No chain action ${id} of this wallet`);
    if (row.status !== 'pending')
      throw new BaseError('conflict', `Chain action ${id} is already ${row.status}`);
    const [reused] = await db
      .select({ id: adminAuditLog.id })
      .from(adminAuditLog)
      .where(eq(adminAuditLog.txHash, txHash.toLowerCase()));
    if (reused) throw new BaseError('conflict', 'That transaction already completes another action');
    const { call } = PendingBeforeSchema.parse(row.before);
    const { chain, deployments } = chainOf(options);
    const hash = txHash.toLowerCase() as Hex;
    const outcome = await verifyConsoleChainTransaction(chain, hash, { wallet, call });
    const after = await actionState(chain, deployments, call);
    const status = outcome === 'success' ? 'done' : 'failed';
    await completeAdminIntent(db, id, { status, after, txHash: hash });
    return c.json({ auditId: id.toString(), status, txHash: hash }, 200);
  });
  return app;
}
