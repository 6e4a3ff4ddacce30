import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Db } from '@far/db';
import { NODE_CONNECT_PATH, NODE_PROTOCOL_LIMITS, NodeCloseCode } from '@far/protocol';
import { WebSocketServer } from 'ws';
import type { NodeBondGate } from '../bonds/createNodeBondGate.js';
import {
  dispatchEmbeddingTask,
  type EmbeddingDispatchRequest,
  type EmbeddingDispatchResult,
} from '../dispatch/dispatchEmbeddingTask.js';
import { dispatchTask } from '../dispatch/dispatchTask.js';
import type { DispatchDependencies, DispatchRequest, DispatchStream } from '../dispatch/dispatchTypes.js';
import { readModelCatalogue } from '../models/readModelCatalogue.js';
import type { NodeCluster } from '../nodeCluster/createNodeCluster.js';
import { createInMemoryNodeRegistry, type NodeRegistry } from '../nodes/nodeRegistry.js';
import { createDbNodeStore, type NodeStore } from '../nodes/nodeStore.js';
import type { Logger } from '../observability/createLogger.js';
import {
  type CreateSchedulerOptions,
  createScheduler,
  type Scheduler,
} from '../scheduler/createScheduler.js';
import { acceptNodeConnection } from './acceptNodeConnection.js';
import { countMalformedMessage, dropNodeConnection } from './dropNodeConnection.js';
import type { GatewayMetrics, NodeEventPublisher } from './gatewayContext.js';
import {
  type GatewayContext,
  type NodeConnection,
  type NodeGatewaySettings,
  persistNodeWrite,
} from './gatewayContext.js';
import { nodeSuspendedMessage } from './nodeSuspendedMessage.js';
import { openLocalNodeTask } from './openLocalNodeTask.js';
import { startHeartbeatSweep } from './startHeartbeatSweep.js';
import { type NodeStandingTracker, trackNodeStandings } from './trackNodeStandings.js';

export type CreateNodeGatewayOptions = {
  db: Db;
  bus?: NodeEventPublisher | undefined;
  logger: Logger;
  /**
   * A node that sends no heartbeat for this long is marked offline and disconnected (default 5 s,
   * the network's dead-node detection promise; nodes beat every third of it).
   */
  heartbeatTtlMs?: number;
  /** This coordinator's URL as nodes reach it; its origin is part of the signed join message. */
  publicUrl: string;
  /** Time a new connection has to answer the challenge (default 10 s). */
  helloTimeoutMs?: number;
  /** Malformed messages tolerated from a registered node before it is disconnected (default 5). */
  maxMalformedMessages?: number;
  /** A task with no message from its node for this long is cancelled and failed (default 60 s). */
  taskIdleTimeoutMs?: number;
  /**
   * After a node's first token, the longest gap to the next one before the task is taken from it
   * and resumed on another node (default 5 s, the network's stall-detection promise).
   */
  tokenGapTimeoutMs?: number;
  /** After `task.cancel`, how long the slot stays taken waiting for the node's `task.done` (default 5 s). */
  cancelGraceMs?: number;
  /**
   * How long a new node has to answer the unpaid probe task of each model it advertises before it
   * is offered paid tasks for it (default 30 s).
   */
  probeTimeoutMs?: number;
  /** How often the connected nodes' standing (uptime, audit pass rate) is read for scoring (default 30 s). */
  standingRefreshMs?: number;
  /** Minimum time between two `last_seen` writes for one node (default 15 s). */
  lastSeenWriteIntervalMs?: number;
  /**
   * Nodes tried per task: when a node refuses the task, fails or stalls, the task moves to another
   * node (resuming after the tokens already delivered), up to this many nodes in all (default 5).
   */
  maxAttempts?: number;
  scheduler?: Omit<CreateSchedulerOptions, 'registry'>;
  registry?: NodeRegistry;
  /**
   * Share nodes with other API replicas (Redis): the registry becomes the cluster's, and a task
   * may run on a node another replica holds. Without it, the gateway sees only its own nodes.
   */
  cluster?: NodeCluster | undefined;
  store?: NodeStore;
  metrics?: GatewayMetrics | undefined;
  /**
   * Bonds on: a node joins only when its owner bonded the minimum for its VRAM class on NodeBond
   * (close code 4011 otherwise). Without it (no NodeBond deployed) nodes join unbonded.
   */
  bondGate?: NodeBondGate | undefined;
};

export type NodeGatewayStats = {
  connections: number;
  nodesOnline: number;
  malformedMessages: number;
  refusedJoins: number;
  activeTasks: number;
};

export type NodeGateway = {
  /**
   * Takes over an HTTP upgrade for `/v1/nodes/connect`.
   *
   * @returns false (and leaves the socket alone) for any other path, so other upgrade handlers can run.
   */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  registry: NodeRegistry;
  scheduler: Scheduler;
  /** Resolves once the gateway also serves other replicas' tasks (at once without a cluster). */
  ready: Promise<void>;
  /**
   * Runs one task on the best node and streams its tokens.
   *
   * @throws NoNodeAvailableError (503) when no node can take it.
   */
  dispatch(request: DispatchRequest): Promise<DispatchStream>;
  /**
   * Runs one embeddings task on a node that announced embeddings for the model (once more on
   * another node if it fails before answering).
   *
   * @throws NoNodeAvailableError (503) when no node can take it; NodeTaskFailedError (503).
   */
  dispatchEmbedding(request: EmbeddingDispatchRequest): Promise<EmbeddingDispatchResult>;
  stats(): NodeGatewayStats;
  /**
   * Operator or audits action: marks the node suspended in the database and disconnects it now
   * (close code 4005, telling it `auditFindings` when the audits suspended it, else that an
   * operator did); its running tasks fail and its later joins are refused.
   *
   * @returns false when no such node is registered.
   */
  suspendNode(nodeId: string, auditFindings?: string): Promise<boolean>;
  /** Disconnects every node (close code 4009), fails running tasks, and marks the nodes offline. */
  close(): Promise<void>;
};

/**
 * The coordinator's side of the node protocol (docs/node-protocol.md): authenticates nodes by
 * wallet signature, keeps the live registry, schedules and streams tasks, and persists node state.
 *
 * @param options - database, logger, public URL and tuning; see {@link CreateNodeGatewayOptions}.
 * @returns the gateway; mount `handleUpgrade` on the HTTP server's `upgrade` event.
 * @example
 * const gateway = createNodeGateway({ db, logger, publicUrl: 'http://127.0.0.1:4000' });
 * server.on('upgrade', (req, socket, head) => gateway.handleUpgrade(req, socket, head) || socket.destroy());
 * const stream = await gateway.dispatch({ taskId, model: 'far-demo', prompt: 'Hi', maxTokens: 16, temperature: 0 });
 * for await (const token of stream) process.stdout.write(token.text);
 * const { completionTokensCounted, nodeClaimedUsage } = await stream.result;
 */
export function createNodeGateway(options: CreateNodeGatewayOptions): NodeGateway {
  const { logger, cluster } = options;
  const registry = cluster?.registry ?? options.registry ?? createInMemoryNodeRegistry();
  const scheduler = createScheduler({ registry, ...options.scheduler });
  const ctx: GatewayContext = {
    settings: resolveSettings(options),
    logger,
    bus: options.bus,
    registry,
    store: options.store ?? createDbNodeStore(options.db),
    connections: new Set(),
    byNodeId: new Map(),
    counters: { malformedMessages: 0, refusedJoins: 0 },
    pending: new Set(),
    metrics: options.metrics,
    readCatalogue: () => readModelCatalogue(options.db),
    lastCatalogue: undefined,
    bondGate: options.bondGate,
  };
  const wss = new WebSocketServer({ noServer: true, maxPayload: NODE_PROTOCOL_LIMITS.maxFrameBytes });
  const stopSweep = startHeartbeatSweep(ctx);
  const standings = trackNodeStandings(ctx, options.db, options.standingRefreshMs ?? 30_000);
  let closing = false;

  // One for the gateway's life: it remembers the score last written per node (built per dispatch,
  // it forgot it at once, and every task wrote its node's score).
  const dispatch = dispatchDependencies(ctx, options, { scheduler, standings }, () => closing);

  const suspendLocal = (nodeId: string, auditFindings?: string): boolean =>
    suspendLocalNode(ctx, nodeId, auditFindings);

  const ready = cluster
    ? cluster.start({
        openTask: (nodeId, taskId, handle) => openLocalNodeTask(ctx, nodeId, taskId, handle),
        reportViolation(nodeId, reason) {
          const conn = ctx.byNodeId.get(nodeId);
          if (conn) countMalformedMessage(ctx, conn, reason);
        },
        suspend: suspendLocal,
      })
    : Promise.resolve();
  ready.catch((error: unknown) => logger.error({ err: error }, 'node cluster did not start'));

  return {
    handleUpgrade(req, socket, head) {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (path !== NODE_CONNECT_PATH) return false;
      if (closing) {
        socket.destroy();
        return true;
      }
      wss.handleUpgrade(req, socket, head, (ws) => acceptNodeConnection(ctx, ws));
      return true;
    },
    registry,
    scheduler,
    ready,
    dispatch: (request) => dispatchTask(request, dispatch),
    dispatchEmbedding: (request) => dispatchEmbeddingTask(request, dispatch),
    stats() {
      let activeTasks = 0;
      for (const conn of ctx.connections) activeTasks += conn.tasks.size;
      return {
        connections: ctx.connections.size,
        nodesOnline: ctx.byNodeId.size,
        ...ctx.counters,
        activeTasks,
      };
    },
    async suspendNode(nodeId, auditFindings) {
      const found = await ctx.store.suspend(nodeId);
      const here = suspendLocal(nodeId, auditFindings);
      // Another replica may hold the node's socket.
      if (!here && cluster?.isRemote(nodeId)) cluster.suspend(nodeId, auditFindings);
      if (found || here) logger.warn({ nodeId }, 'node suspended');
      return found || here;
    },
    async close() {
      closing = true;
      stopSweep();
      standings.stop();
      scheduler.close();
      for (const conn of [...ctx.connections]) {
        dropNodeConnection(
          ctx,
          conn,
          NodeCloseCode.shuttingDown,
          'shutting_down',
          'the coordinator is shutting down',
        );
      }
      await Promise.allSettled([...ctx.pending]);
      await cluster?.close();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** The gateway's settings with their defaults. */
function resolveSettings(options: CreateNodeGatewayOptions): NodeGatewaySettings {
  return {
    publicUrl: options.publicUrl,
    heartbeatTtlMs: options.heartbeatTtlMs ?? 5_000,
    helloTimeoutMs: options.helloTimeoutMs ?? 10_000,
    maxMalformed: options.maxMalformedMessages ?? 5,
    lastSeenWriteIntervalMs: options.lastSeenWriteIntervalMs ?? 15_000,
    probeTimeoutMs: options.probeTimeoutMs ?? 30_000,
  };
}

/**
 * Suspends a node this gateway holds and disconnects it, telling it who suspended it (the same
 * words as a refused join, `joinNode`); false when it is not here.
 */
function suspendLocalNode(ctx: GatewayContext, nodeId: string, auditFindings?: string): boolean {
  const conn = ctx.byNodeId.get(nodeId);
  if (!conn) return false;
  ctx.registry.setStatus(nodeId, 'suspended');
  const message = nodeSuspendedMessage(nodeId, auditFindings, 'was');
  dropNodeConnection(ctx, conn, NodeCloseCode.suspended, 'suspended', message);
  return true;
}

/** At most this long between writes of a node's score that moves by less than a point. */
const SCORE_WRITE_INTERVAL_MS = 10_000;

/** How the dispatcher reaches this gateway's nodes, and other replicas' nodes through the cluster. */
function dispatchDependencies(
  ctx: GatewayContext,
  options: CreateNodeGatewayOptions,
  parts: { scheduler: Scheduler; standings: NodeStandingTracker },
  isClosing: () => boolean,
): DispatchDependencies {
  const { cluster } = options;
  const { scheduler, standings } = parts;
  // The stored score as this gateway last wrote it, by connection (a node that joins again reads
  // its score from the store): a score that moved less than a point is not written again after
  // every task, only once SCORE_WRITE_INTERVAL_MS has passed, so the store trails the live score
  // by less than a point or less than that interval.
  const savedScores = new WeakMap<NodeConnection, { score: number; at: number }>();
  return {
    scheduler,
    maxAttempts: options.maxAttempts ?? 5,
    taskIdleTimeoutMs: options.taskIdleTimeoutMs ?? 60_000,
    tokenGapTimeoutMs: options.tokenGapTimeoutMs ?? 5_000,
    cancelGraceMs: options.cancelGraceMs ?? 5_000,
    logger: ctx.logger,
    readCatalogue: ctx.readCatalogue,
    openTask(nodeId, taskId, handle) {
      if (cluster?.isRemote(nodeId)) return cluster.openRemoteTask(nodeId, taskId, handle);
      return openLocalNodeTask(ctx, nodeId, taskId, handle);
    },
    onScore(nodeId, score) {
      ctx.registry.setScore(nodeId, score);
      const conn = ctx.byNodeId.get(nodeId);
      const saved = conn && savedScores.get(conn);
      const now = Date.now();
      if (saved && Math.abs(score - saved.score) < 1 && now - saved.at < SCORE_WRITE_INTERVAL_MS) return;
      if (conn) savedScores.set(conn, { score, at: now });
      persistNodeWrite(ctx, 'saveScore', nodeId, () =>
        ctx.store.saveScore(nodeId, score).catch((error: unknown) => {
          if (conn) savedScores.delete(conn);
          throw error;
        }),
      );
    },
    standing: (nodeId) => standings.standing(nodeId),
    isClosing,
  };
}
