import { NodeCloseCode } from '@far/protocol';
import { closeReasonOf } from './closeReasonOf.js';
import {
  type GatewayContext,
  type NodeConnection,
  persistNodeWrite,
  sendToNode,
  updateOnlineGauge,
} from './gatewayContext.js';
import { publishNodeEvent } from './publishNodeEvent.js';

/**
 * Ends a connection once: tells the node why (when there is an error code), closes the socket,
 * fails its tasks, unregisters its node and marks it offline.
 *
 * @param ctx - the gateway.
 * @param conn - the connection.
 * @param code - the WebSocket close code.
 * @param errorCode - sent first as an `error` message, when given.
 * @param message - the human-readable reason.
 */
export function dropNodeConnection(
  ctx: GatewayContext,
  conn: NodeConnection,
  code: number,
  errorCode?: string,
  message?: string,
): void {
  if (conn.state === 'closed') return;
  const wasReady = conn.state === 'ready';
  conn.state = 'closed';
  clearTimeout(conn.helloTimer);
  ctx.connections.delete(conn);
  if (errorCode) sendToNode(conn, { type: 'error', code: errorCode, message: message ?? errorCode });
  if (conn.ws.readyState === conn.ws.OPEN || conn.ws.readyState === conn.ws.CONNECTING) {
    conn.ws.close(code, closeReasonOf(message ?? ''));
    // A peer that never completes the close handshake must not pin the socket.
    setTimeout(() => conn.ws.terminate(), 2_000).unref();
  }
  for (const task of [...conn.tasks.values()]) task.nodeLost();
  conn.tasks.clear();
  const node = conn.node;
  if (wasReady && node && ctx.byNodeId.get(node.nodeId) === conn) {
    ctx.byNodeId.delete(node.nodeId);
    ctx.registry.remove(node.nodeId);
    updateOnlineGauge(ctx);
    publishNodeEvent(ctx, 'node.offline', node);
    persistNodeWrite(ctx, 'markOffline', node.nodeId, () => ctx.store.markOffline(node.nodeId, new Date()));
    ctx.logger.info({ nodeId: node.nodeId, code }, 'node disconnected');
  }
}

/**
 * Counts a malformed message. Before authentication a peer gets no second chance; after, a few
 * mistakes are tolerated before the node is disconnected.
 *
 * @param ctx - the gateway.
 * @param conn - the connection that sent it.
 * @param reason - what was wrong.
 */
export function countMalformedMessage(ctx: GatewayContext, conn: NodeConnection, reason: string): void {
  ctx.counters.malformedMessages += 1;
  conn.malformed += 1;
  ctx.logger.warn({ nodeId: conn.node?.nodeId, reason, count: conn.malformed }, 'malformed node message');
  if (conn.state !== 'ready' || conn.malformed >= ctx.settings.maxMalformed) {
    dropNodeConnection(
      ctx,
      conn,
      NodeCloseCode.protocolError,
      'malformed_message',
      `malformed message: ${reason}`,
    );
  }
}

/**
 * Refuses a join: counts it, logs it and drops the connection with the reason.
 *
 * @param ctx - the gateway.
 * @param conn - the joining connection.
 * @param code - the WebSocket close code.
 * @param errorCode - the `error` message's code.
 * @param message - why, for the node's operator.
 */
export function refuseNodeJoin(
  ctx: GatewayContext,
  conn: NodeConnection,
  code: number,
  errorCode: string,
  message: string,
): void {
  ctx.counters.refusedJoins += 1;
  ctx.logger.warn({ errorCode, message }, 'node join refused');
  dropNodeConnection(ctx, conn, code, errorCode, message);
}
