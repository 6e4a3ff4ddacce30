import type { ServerToNodeMessage } from '@far/protocol';
import type { WebSocket } from 'ws';
import type { NodeBondGate } from '../bonds/createNodeBondGate.js';
import type { TaskHandle } from '../dispatch/dispatchTypes.js';
import type { ModelCatalogue } from '../models/readModelCatalogue.js';
import type { LiveNode, NodeRegistry } from '../nodes/nodeRegistry.js';
import type { NodeStanding, NodeStore } from '../nodes/nodeStore.js';
import type { Logger } from '../observability/createLogger.js';

/** The slice of the message bus the gateway needs (`createBus()` from apps/api/src/bus satisfies it). */
export type NodeEventPublisher = { publish(channel: string, message: unknown): unknown };

/** One node's WebSocket, from the challenge to the close. */
export type NodeConnection = {
  ws: WebSocket;
  nonce: string;
  issuedAt: string;
  state: 'challenged' | 'verifying' | 'ready' | 'closed';
  node: LiveNode | undefined;
  malformed: number;
  tasks: Map<string, TaskHandle>;
  /** Task ids that ended recently: late frames for them are expected, not malformed. */
  recentlyEnded: string[];
  standing: NodeStanding | undefined;
  lastSeenWrittenAt: number;
  /** When the last frame of any kind arrived. */
  lastFrameAt: number;
  helloTimer: NodeJS.Timeout | undefined;
};

/** The gateway's settings once defaults are applied. */
export type NodeGatewaySettings = {
  publicUrl: string;
  heartbeatTtlMs: number;
  helloTimeoutMs: number;
  maxMalformed: number;
  lastSeenWriteIntervalMs: number;
  probeTimeoutMs: number;
};

/** What every part of one gateway shares: its settings, its connections and its collaborators. */
export type GatewayContext = {
  settings: NodeGatewaySettings;
  logger: Logger;
  bus: NodeEventPublisher | undefined;
  registry: NodeRegistry;
  store: NodeStore;
  connections: Set<NodeConnection>;
  /** The connection that owns each registered node id. */
  byNodeId: Map<string, NodeConnection>;
  counters: { malformedMessages: number; refusedJoins: number };
  /** Store writes still running, awaited by close() so none outlives the database. */
  pending: Set<Promise<unknown>>;
  metrics: GatewayMetrics | undefined;
  /** The model catalogue (cached per database), which a joining node's models are checked against. */
  readCatalogue: () => Promise<ModelCatalogue>;
  /** The catalogue as last read, for the gauges' list of models. */
  lastCatalogue: ModelCatalogue | undefined;
  /** Where bonds are on: the join check against NodeBond (`createNodeBondGate`). */
  bondGate: NodeBondGate | undefined;
};

/** The gauges the gateway keeps (createMetrics's `nodesOnline` and `modelNodesOnline`). */
export type GatewayMetrics = {
  nodesOnline: { set(value: number): void };
  modelNodesOnline?: { set(labels: { model: string }, value: number): void; reset(): void };
};

/**
 * Sends one message to a node if its socket is still open.
 *
 * @param conn - the node's connection.
 * @param message - the message.
 */
export function sendToNode(conn: NodeConnection, message: ServerToNodeMessage): void {
  if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(JSON.stringify(message));
}

/**
 * Runs a node store write in the background: a failure is logged, and close() waits for it.
 *
 * @param ctx - the gateway.
 * @param what - the write's name, for the log.
 * @param nodeId - the node it is about.
 * @param work - the write.
 */
export function persistNodeWrite(
  ctx: GatewayContext,
  what: string,
  nodeId: string,
  work: () => Promise<unknown>,
): void {
  const write = work()
    .catch((error: unknown) => ctx.logger.error({ err: error, nodeId }, `node store: ${what} failed`))
    .finally(() => ctx.pending.delete(write));
  ctx.pending.add(write);
}

/**
 * Sets the online-nodes gauges to the nodes this gateway holds: in all, and by model (every
 * catalogued model and every model a node serves, 0 where none does, so an alert sees the gap).
 *
 * @param ctx - the gateway.
 */
export function updateOnlineGauge(ctx: GatewayContext): void {
  ctx.metrics?.nodesOnline.set(ctx.byNodeId.size);
  const byModel = ctx.metrics?.modelNodesOnline;
  if (!byModel) return;
  const catalogued = ctx.lastCatalogue?.list().filter((model) => model.status === 'active') ?? [];
  const counts = new Map<string, number>(catalogued.map((model) => [model.id, 0]));
  for (const conn of ctx.byNodeId.values())
    for (const model of conn.node?.models ?? []) counts.set(model.id, (counts.get(model.id) ?? 0) + 1);
  // A model no node serves any more (and not catalogued) leaves the gauge rather than stay stale.
  byModel.reset();
  for (const [model, count] of counts) byModel.set({ model }, count);
}
