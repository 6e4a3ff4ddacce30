import { type HelloMessage, NodeCloseCode } from '@far/protocol';
import { getAddress } from 'viem';
import { refuseNodeJoin } from './dropNodeConnection.js';
import type { GatewayContext, NodeConnection } from './gatewayContext.js';

/**
 * Where bonds are on (the gateway has a bond gate), refuses a joining node whose owner has not
 * bonded the minimum for the VRAM class it claims, with close code 4011 `bond_required` and what
 * to bond. A bond that cannot be read refuses the join too; the node retries with backoff.
 *
 * @param ctx - the gateway.
 * @param conn - the joining connection.
 * @param hello - its verified `hello`.
 * @returns true when the node may go on joining.
 */
export async function checkJoinBond(
  ctx: GatewayContext,
  conn: NodeConnection,
  hello: HelloMessage,
): Promise<boolean> {
  if (!ctx.bondGate) return true;
  let message: string | undefined;
  try {
    const verdict = await ctx.bondGate({
      owner: getAddress(hello.owner),
      nodeId: hello.nodeId,
      vramGb: hello.gpu.vramGb,
    });
    if (!verdict.ok) message = verdict.message;
  } catch (error) {
    ctx.logger.error({ err: error, nodeId: hello.nodeId }, 'node bond could not be read');
    message = 'the node bond could not be read from the chain; retry later';
  }
  if (conn.state !== 'verifying') return false;
  if (message === undefined) return true;
  refuseNodeJoin(ctx, conn, NodeCloseCode.bondRequired, 'bond_required', message);
  return false;
}
