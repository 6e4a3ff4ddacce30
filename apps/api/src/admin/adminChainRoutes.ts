import { type Deployments, FAR_ROLES } from '@far/contracts';
import { adminAuditLog, type OperatorRoleName } from '@far/db';
import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { type Hex, keccak256, type PublicClient, toBytes } from 'viem';
import { z } from 'zod';
import { BaseError } from '../errors/BaseError.js';
import type { AppEnv } from '../http/appEnv.js';
import type { AdminRoutesOptions } from './AdminRoutesOptions.js';
import { ALL_OPERATOR_ROLES } from './adminAccessRoutes.js';
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
import { AdminReasonSchema, readAdminBody } from './readAdminBody.js';
import { readConsoleChainState } from './readConsoleChainState.js';
import { readOperatorRoles } from './readOperatorRoles.js';
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

/** The execute arguments of an operation the console scheduled, once its delay has passed. */
async function scheduledArgsFor(
  options: AdminRoutesOptions,
  action: ConsoleChainActionName,
  operationId: string | undefined,
): Promise<string[] | undefined> {
  if (action !== 'timelock.execute') return undefined;
  const { chain, deployments } = chainOf(options);
  const operation = (await listTimelockOperations(options.db, chain, deployments)).find(
    (candidate) => candidate.operationId.toLowerCase() === operationId?.toLowerCase(),
  );
  if (operation && operation.state !== 'ready') {
    const eta = operation.eta ? ` (ETA ${operation.eta})` : '';
    throw new BaseError('conflict', `Operation ${operationId} is ${operation.state}${eta}`);
  }
  return operation?.executeArgs;
}

/**
 * The console's chain levers (staking reserve and rate, the price feed, pause/unpause), sent from
 * the operator's own wallet:
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
  const app = new Hono<AppEnv>();
  app.get('/api/admin/chain', requireRole(db, ...ALL_OPERATOR_ROLES), async (c) => {
    const { chain, deployments } = chainOf(options);
    const timelock = deployments.contracts.timelock;
    return c.json({
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
    });
  });

  app.post('/api/admin/chain-actions', requireRole(db, 'operator', 'treasurer', 'priceKeeper'), async (c) => {
    const body = await readAdminBody(c, IntentSchema);
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
      scheduledArgs: await scheduledArgsFor(options, body.action, params.operationId),
    });
    const state = await readConsoleChainState(chain, deployments);
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

  app.post('/api/admin/chain-actions/:id/complete', requireRole(db, ...ALL_OPERATOR_ROLES), async (c) => {
    const id = z.coerce.bigint().positive().parse(c.req.param('id'));
    const { txHash } = await readAdminBody(c, z.object({ txHash: z.string().regex(/^0x[0-9a-fA-F]{64}$/) }));
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
    const after = await readConsoleChainState(chain, deployments);
    const status = outcome === 'success' ? 'done' : 'failed';
    await completeAdminIntent(db, id, { status, after, txHash: hash });
    return c.json({ auditId: id.toString(), status, txHash: hash });
  });
  return app;
}
