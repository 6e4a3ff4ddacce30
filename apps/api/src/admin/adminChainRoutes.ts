import { type Deployments, FAR_ROLES } from '@far/contracts';
import { adminAuditLog, type OperatorRoleName } from '@far/db';
import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { decodeFunctionData, type Hex, type PublicClient } from 'viem';
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
  consoleChainCall,
} from './consoleChainActions.js';
import { AdminReasonSchema, readAdminBody } from './readAdminBody.js';
import { readConsoleChainState } from './readConsoleChainState.js';
import { readOperatorRoles } from './readOperatorRoles.js';
import { completeAdminIntent, recordAdminIntent } from './recordAdminIntent.js';
import { requireRole } from './requireRole.js';
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

/** How long the API waits for a reported transaction's receipt. */
const RECEIPT_TIMEOUT_MS = 30_000;

function chainOf(options: AdminRoutesOptions): { chain: PublicClient; deployments: Deployments } {
  if (!options.chain || !options.deployments) {
    throw new BaseError('service_unavailable', 'No contracts are deployed on this network');
  }
  return { chain: options.chain, deployments: options.deployments };
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
    return c.json({
      chainId: deployments.chainId,
      roles: FAR_ROLES,
      ...(await readConsoleChainState(chain, deployments)),
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
    const call = consoleChainCall(deployments, body.action, params, body.contract);
    await verifyFreshAdminSignature({
      nonces: options.nonces,
      chainId: options.chainId,
      wallet,
      action: body.action,
      target: call.contract,
      params,
      reason: body.reason,
      signed: body.fresh,
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
        target: call.contract,
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
    const receipt = await chain.waitForTransactionReceipt({ hash, timeout: RECEIPT_TIMEOUT_MS }).catch(() => {
      throw new BaseError('not_found', 'No mined transaction with that hash yet');
    });
    const tx = await chain.getTransaction({ hash });
    const decoded = (() => {
      try {
        return decodeFunctionData({ abi: consoleChainAbi, data: tx.input });
      } catch {
        return undefined;
      }
    })();
    const matches =
      tx.from.toLowerCase() === wallet &&
      tx.to?.toLowerCase() === call.to.toLowerCase() &&
      decoded?.functionName === call.functionName &&
      JSON.stringify((decoded.args ?? []).map((arg) => String(arg))) === JSON.stringify(call.args);
    if (!matches) {
      throw new BaseError(
        'conflict',
        'That transaction is not this action (sender, contract or call differ)',
      );
    }
    const after = await readConsoleChainState(chain, deployments);
    const status = receipt.status === 'success' ? 'done' : 'failed';
    await completeAdminIntent(db, id, { status, after, txHash: hash });
    return c.json({ auditId: id.toString(), status, txHash: hash });
  });
  return app;
}
