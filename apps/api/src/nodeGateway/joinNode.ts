import { type HelloMessage, NODE_PROTOCOL_LIMITS, NODE_PROTOCOL_VERSION, NodeCloseCode } from '@far/protocol';
import type { LiveNode, NodeModel } from '../nodes/nodeRegistry.js';
import type { NodeStore } from '../nodes/nodeStore.js';
import { checkJoinBond } from './checkJoinBond.js';
import { dropNodeConnection, refuseNodeJoin } from './dropNodeConnection.js';
import {
  type GatewayContext,
  type NodeConnection,
  persistNodeWrite,
  sendToNode,
  updateOnlineGauge,
} from './gatewayContext.js';
import { nodeSuspendedMessage } from './nodeSuspendedMessage.js';
import { proveNodeModels } from './proveNodeModels.js';
import { publishNodeEvent } from './publishNodeEvent.js';
import { sortAdvertisedModels } from './sortAdvertisedModels.js';
import { verifyNodeHello } from './verifyNodeHello.js';

type Registered = Extract<Awaited<ReturnType<NodeStore['registerNode']>>, { ok: true }>;

/**
 * Answers a node's `hello`: checks its protocol version, its wallet signature over this
 * coordinator's challenge, its node id's owner and its models, registers it in the store, welcomes
 * it, and starts probing its models. Any failure refuses the join with a reason.
 *
 * @param ctx - the gateway.
 * @param conn - the connection that sent the `hello`.
 * @param hello - the message.
 */
export async function joinNode(
  ctx: GatewayContext,
  conn: NodeConnection,
  hello: HelloMessage,
): Promise<void> {
  const { publicUrl } = ctx.settings;
  conn.state = 'verifying';
  clearTimeout(conn.helloTimer);
  if (hello.protocolVersion !== NODE_PROTOCOL_VERSION) {
    const message = `protocol version ${hello.protocolVersion} is not supported; this coordinator speaks ${NODE_PROTOCOL_VERSION}: upgrade far-node`;
    return refuseNodeJoin(ctx, conn, NodeCloseCode.unsupportedVersion, 'unsupported_version', message);
  }
  const valid = await verifyNodeHello({ hello, nonce: conn.nonce, issuedAt: conn.issuedAt, publicUrl });
  if (conn.state !== 'verifying') return;
  if (!valid) {
    const message = `signature does not prove ownership by ${hello.owner} (sign the join message for ${publicUrl} with the owner key)`;
    return refuseNodeJoin(ctx, conn, NodeCloseCode.authFailed, 'bad_signature', message);
  }
  const owner = hello.owner.toLowerCase() as `0x${string}`;
  const existing = ctx.byNodeId.get(hello.nodeId);
  if (existing?.node && existing.node.owner !== owner) {
    const message = `node id ${hello.nodeId} belongs to another owner`;
    return refuseNodeJoin(ctx, conn, NodeCloseCode.nodeIdTaken, 'node_id_taken', message);
  }
  const catalogue = await ctx.readCatalogue();
  ctx.lastCatalogue = catalogue;
  if (conn.state !== 'verifying') return;
  const { servable, refused } = sortAdvertisedModels(hello, catalogue);
  if (servable.length === 0) {
    const message = `no advertised model can be served here: ${refused.join('; ')}`;
    return refuseNodeJoin(ctx, conn, NodeCloseCode.noServableModel, 'no_servable_model', message);
  }
  if (!(await checkJoinBond(ctx, conn, hello))) return;
  const now = Date.now();
  // Scheduled for nothing until its probes pass (proveNodeModels).
  const node: LiveNode = {
    nodeId: hello.nodeId,
    owner,
    gpu: hello.gpu,
    engine: hello.engine,
    models: [],
    maxConcurrency: hello.maxConcurrency,
    version: hello.version,
    connectedAt: now,
    status: 'online',
    score: 80,
    activeTasks: 0,
    tokensPerSecond: 0,
    lastHeartbeatAt: now,
  };
  const registered = await registerNode(ctx, conn, node, servable, now);
  if (!registered) return;
  welcomeNode(ctx, conn, node, registered, now);
  ctx.logger.info(
    { nodeId: node.nodeId, owner, gpu: node.gpu, models: servable.map((m) => m.id), refused },
    'node connected; probing its models',
  );
  if (refused.length > 0) {
    // A notice, not a refusal: the node stays connected for the models it can serve.
    const message = `not offered here: ${refused.join('; ')}`.slice(
      0,
      NODE_PROTOCOL_LIMITS.maxErrorMessageLength,
    );
    sendToNode(conn, { type: 'error', code: 'model_refused', message });
  }
  void proveNodeModels(ctx, conn, node, servable);
}

/** Writes the node to the store; refuses the join (and returns undefined) when the store will not have it. */
async function registerNode(
  ctx: GatewayContext,
  conn: NodeConnection,
  node: LiveNode,
  servable: NodeModel[],
  now: number,
): Promise<Registered | undefined> {
  let registered: Awaited<ReturnType<NodeStore['registerNode']>>;
  try {
    registered = await ctx.store.registerNode({ ...node, models: servable }, new Date(now));
  } catch (error) {
    ctx.logger.error({ err: error, nodeId: node.nodeId }, 'node registration failed');
    dropNodeConnection(
      ctx,
      conn,
      1011,
      'internal_error',
      'the coordinator could not register the node; retry later',
    );
    return undefined;
  }
  if (conn.state !== 'verifying') {
    // The socket closed while the row was being written as online: unless a newer connection of
    // the same node took over meanwhile, the row must not stay online.
    if (registered.ok && !ctx.byNodeId.has(node.nodeId)) {
      persistNodeWrite(ctx, 'markOffline', node.nodeId, () => ctx.store.markOffline(node.nodeId, new Date()));
    }
    return undefined;
  }
  if (!registered.ok) {
    if (registered.reason === 'suspended') {
      const findings = registered.suspendedBy === 'audits' ? registered.auditFindings : undefined;
      const message = nodeSuspendedMessage(node.nodeId, findings, 'is');
      refuseNodeJoin(ctx, conn, NodeCloseCode.suspended, 'suspended', message);
    } else {
      const message = `node id ${node.nodeId} belongs to another owner`;
      refuseNodeJoin(ctx, conn, NodeCloseCode.nodeIdTaken, 'node_id_taken', message);
    }
    return undefined;
  }
  return registered;
}

/** Makes the node live on this connection (replacing an older one of the same id) and welcomes it. */
function welcomeNode(
  ctx: GatewayContext,
  conn: NodeConnection,
  node: LiveNode,
  registered: Registered,
  now: number,
): void {
  node.score = registered.reliabilityScore;
  conn.standing = registered;
  conn.lastSeenWrittenAt = now;
  // Same owner, same id: the newer connection wins (the old one is usually a dead socket).
  const previous = ctx.byNodeId.get(node.nodeId);
  if (previous && previous !== conn) {
    ctx.byNodeId.delete(node.nodeId);
    dropNodeConnection(
      ctx,
      previous,
      NodeCloseCode.replaced,
      'replaced',
      'a newer connection registered this node id',
    );
  }
  conn.node = node;
  conn.state = 'ready';
  ctx.byNodeId.set(node.nodeId, conn);
  ctx.registry.add(node);
  updateOnlineGauge(ctx);
  publishNodeEvent(ctx, 'node.online', node);
  sendToNode(conn, {
    type: 'welcome',
    nodeId: node.nodeId,
    heartbeatIntervalMs: Math.max(100, Math.floor(ctx.settings.heartbeatTtlMs / 3)),
    earningsWei: registered.earningsWei.toString(),
    reliabilityScore: registered.reliabilityScore,
    tasksCompleted: registered.tasksCompleted,
  });
}
