import { randomBytes } from 'node:crypto';
import {
  decodeNodeWireMessage,
  NODE_PROTOCOL_VERSION,
  NodeCloseCode,
  type NodeToServerMessage,
  NodeToServerMessageSchema,
  readTaskTokenFrame,
  readTaskTokensFrame,
} from '@far/protocol';
import type { WebSocket } from 'ws';
import { countMalformedMessage, dropNodeConnection } from './dropNodeConnection.js';
import { type GatewayContext, type NodeConnection, sendToNode } from './gatewayContext.js';
import { handleNodeMessage } from './handleNodeMessage.js';

/**
 * Takes a new node socket: challenges it with a fresh nonce, gives it `helloTimeoutMs` to join,
 * decodes every frame against the protocol and hands it to {@link handleNodeMessage}.
 *
 * @param ctx - the gateway.
 * @param ws - the upgraded socket.
 */
export function acceptNodeConnection(ctx: GatewayContext, ws: WebSocket): void {
  const conn: NodeConnection = {
    ws,
    nonce: randomBytes(32).toString('hex'),
    issuedAt: new Date().toISOString(),
    state: 'challenged',
    node: undefined,
    malformed: 0,
    tasks: new Map(),
    recentlyEnded: [],
    standing: undefined,
    lastSeenWrittenAt: 0,
    lastFrameAt: Date.now(),
    helloTimer: undefined,
  };
  ctx.connections.add(conn);
  conn.helloTimer = setTimeout(
    () =>
      dropNodeConnection(
        ctx,
        conn,
        NodeCloseCode.helloTimeout,
        'hello_timeout',
        'no hello within the time limit',
      ),
    ctx.settings.helloTimeoutMs,
  );
  ws.on('message', (data, isBinary) => {
    if (conn.state === 'closed') return;
    conn.lastFrameAt = Date.now();
    const text = isBinary ? undefined : data;
    if (text === undefined) return countMalformedMessage(ctx, conn, 'binary frame');
    const decoded = decodeNodeWireMessage(NodeToServerMessageSchema, text as Buffer, readTokenFrame);
    if (!decoded.ok) return countMalformedMessage(ctx, conn, decoded.reason);
    try {
      handleNodeMessage(ctx, conn, decoded.message);
    } catch (error) {
      // A bug handling one node's message must not take the coordinator down.
      ctx.logger.error({ err: error, nodeId: conn.node?.nodeId }, 'node message handler failed');
    }
  });
  ws.on('close', (code) => dropNodeConnection(ctx, conn, code));
  ws.on('error', (error) => {
    ctx.logger.warn({ err: error, nodeId: conn.node?.nodeId }, 'node socket error');
    dropNodeConnection(ctx, conn, NodeCloseCode.protocolError);
  });
  sendToNode(conn, {
    type: 'challenge',
    protocolVersion: NODE_PROTOCOL_VERSION,
    nonce: conn.nonce,
    issuedAt: conn.issuedAt,
  });
}

/** The fast path for the two token frames, the bulk of a node's traffic; anything else goes to the schema. */
function readTokenFrame(json: unknown): NodeToServerMessage | undefined {
  return readTaskTokensFrame(json) ?? readTaskTokenFrame(json);
}
