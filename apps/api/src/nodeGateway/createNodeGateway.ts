import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Db } from '@far/db';
import {
  decodeNodeWireMessage,
  type HelloMessage,
  NODE_CONNECT_PATH,
  NODE_PROTOCOL_LIMITS,
  NODE_PROTOCOL_VERSION,
  NodeCloseCode,
  type NodeToServerMessage,
  NodeToServerMessageSchema,
  type ServerToNodeMessage,
} from '@far/protocol';
import { type WebSocket, WebSocketServer } from 'ws';
import { dispatchTask } from '../dispatch/dispatchTask.js';
import type { DispatchRequest, DispatchStream, TaskHandle, TaskLink } from '../dispatch/dispatchTypes.js';
import type { NodeCluster } from '../nodeCluster/createNodeCluster.js';
import {
  createInMemoryNodeRegistry,
  type LiveNode,
  type NodeModel,
  type NodeRegistry,
} from '../nodes/nodeRegistry.js';
import { createDbNodeStore, type NodeStanding, type NodeStore } from '../nodes/nodeStore.js';
import type { Logger } from '../observability/createLogger.js';
import { NODE_EVENTS_CHANNEL, NODE_METRICS_CHANNEL } from '../realtime/nodeBusChannels.js';
import {
  type CreateSchedulerOptions,
  createScheduler,
  type Scheduler,
} from '../scheduler/createScheduler.js';
import { getModelSpec } from '../scheduler/modelRegistry.js';
import { probeNodeModel } from './probeNodeModel.js';
import { verifyNodeHello } from './verifyNodeHello.js';

/** The slice of the message bus the gateway needs (`createBus()` from apps/api/src/bus satisfies it). */
export type NodeEventPublisher = { publish(channel: string, message: unknown): unknown };

export type NodeMetricsMessage = {
  nodeId: string;
  ownerAddress: string;
  status: 'online' | 'offline' | 'busy' | 'suspended';
  load: number;
  tokensPerSecond: number;
  tasksCompleted: number;
  earningsWei: string;
  at: string;
};

export type NodeEvent = {
  type: 'node.online' | 'node.offline' | 'node.draining';
  nodeId: string;
  owner: string;
  at: string;
};

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
  metrics?: { nodesOnline: { set(value: number): void } } | undefined;
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
  stats(): NodeGatewayStats;
  /**
   * Operator action: marks the node suspended in the database and disconnects it now (close code
   * 4005); its running tasks fail and its later joins are refused.
   *
   * @returns false when no such node is registered.
   */
  suspendNode(nodeId: string): Promise<boolean>;
  /** Disconnects every node (close code 4009), fails running tasks, and marks the nodes offline. */
  close(): Promise<void>;
};

type Connection = {
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
  const { logger, bus, publicUrl } = options;
  const heartbeatTtlMs = options.heartbeatTtlMs ?? 5_000;
  const helloTimeoutMs = options.helloTimeoutMs ?? 10_000;
  const maxMalformed = options.maxMalformedMessages ?? 5;
  const lastSeenWriteIntervalMs = options.lastSeenWriteIntervalMs ?? 15_000;
  const probeTimeoutMs = options.probeTimeoutMs ?? 30_000;
  const { cluster } = options;
  const registry = cluster?.registry ?? options.registry ?? createInMemoryNodeRegistry();
  const store = options.store ?? createDbNodeStore(options.db);
  const scheduler = createScheduler({ registry, ...options.scheduler });
  const wss = new WebSocketServer({ noServer: true, maxPayload: NODE_PROTOCOL_LIMITS.maxFrameBytes });
  const connections = new Set<Connection>();
  /** The connection that owns each registered node id. */
  const byNodeId = new Map<string, Connection>();
  const counters = { malformedMessages: 0, refusedJoins: 0 };
  let closing = false;

  const send = (conn: Connection, message: ServerToNodeMessage): void => {
    if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(JSON.stringify(message));
  };

  const publishOnBus = (channel: string, message: unknown, nodeId: string): void => {
    if (!bus) return;
    Promise.resolve()
      .then(() => bus.publish(channel, message))
      .catch((error: unknown) => logger.warn({ err: error, nodeId, channel }, 'node bus publish failed'));
  };
  const publish = (type: NodeEvent['type'], node: LiveNode): void => {
    const event: NodeEvent = { type, nodeId: node.nodeId, owner: node.owner, at: new Date().toISOString() };
    publishOnBus(NODE_EVENTS_CHANNEL, event, node.nodeId);
  };
  const publishMetrics = (node: LiveNode, standing: NodeStanding | undefined): void => {
    const metrics: NodeMetricsMessage = {
      nodeId: node.nodeId,
      ownerAddress: node.owner,
      // A draining or full node takes no new task: to its owner's dashboard it is busy.
      status:
        node.status === 'suspended'
          ? 'suspended'
          : node.status === 'draining' || node.activeTasks >= node.maxConcurrency
            ? 'busy'
            : 'online',
      load: node.activeTasks,
      tokensPerSecond: node.tokensPerSecond,
      tasksCompleted: standing?.tasksCompleted ?? 0,
      earningsWei: (standing?.earningsWei ?? 0n).toString(),
      at: new Date().toISOString(),
    };
    publishOnBus(NODE_METRICS_CHANNEL, metrics, node.nodeId);
  };

  const updateOnlineGauge = (): void => options.metrics?.nodesOnline.set(byNodeId.size);

  /** Store writes still running, awaited by close() so none outlives the database. */
  const pending = new Set<Promise<unknown>>();
  const persist = (what: string, nodeId: string, work: () => Promise<unknown>): void => {
    const write = work()
      .catch((error: unknown) => logger.error({ err: error, nodeId }, `node store: ${what} failed`))
      .finally(() => pending.delete(write));
    pending.add(write);
  };

  /** Ends a connection once: fails its tasks, unregisters its node, marks it offline. */
  const drop = (conn: Connection, code: number, errorCode?: string, message?: string): void => {
    if (conn.state === 'closed') return;
    const wasReady = conn.state === 'ready';
    conn.state = 'closed';
    clearTimeout(conn.helloTimer);
    connections.delete(conn);
    if (errorCode) send(conn, { type: 'error', code: errorCode, message: message ?? errorCode });
    if (conn.ws.readyState === conn.ws.OPEN || conn.ws.readyState === conn.ws.CONNECTING) {
      conn.ws.close(code, (message ?? '').slice(0, 120));
      // A peer that never completes the close handshake must not pin the socket.
      setTimeout(() => conn.ws.terminate(), 2_000).unref();
    }
    for (const task of [...conn.tasks.values()]) task.nodeLost();
    conn.tasks.clear();
    const node = conn.node;
    if (wasReady && node && byNodeId.get(node.nodeId) === conn) {
      byNodeId.delete(node.nodeId);
      registry.remove(node.nodeId);
      updateOnlineGauge();
      publish('node.offline', node);
      persist('markOffline', node.nodeId, () => store.markOffline(node.nodeId, new Date()));
      logger.info({ nodeId: node.nodeId, code }, 'node disconnected');
    }
  };

  const countMalformed = (conn: Connection, reason: string): void => {
    counters.malformedMessages += 1;
    conn.malformed += 1;
    logger.warn({ nodeId: conn.node?.nodeId, reason, count: conn.malformed }, 'malformed node message');
    // Before authentication a peer gets no second chance; after, a few mistakes are tolerated.
    if (conn.state !== 'ready' || conn.malformed >= maxMalformed) {
      drop(conn, NodeCloseCode.protocolError, 'malformed_message', `malformed message: ${reason}`);
    }
  };

  const refuse = (conn: Connection, code: number, errorCode: string, message: string): void => {
    counters.refusedJoins += 1;
    logger.warn({ errorCode, message }, 'node join refused');
    drop(conn, code, errorCode, message);
  };

  const join = async (conn: Connection, hello: HelloMessage): Promise<void> => {
    conn.state = 'verifying';
    clearTimeout(conn.helloTimer);
    if (hello.protocolVersion !== NODE_PROTOCOL_VERSION) {
      return refuse(
        conn,
        NodeCloseCode.unsupportedVersion,
        'unsupported_version',
        `protocol version ${hello.protocolVersion} is not supported; this coordinator speaks ${NODE_PROTOCOL_VERSION}`,
      );
    }
    const valid = await verifyNodeHello({ hello, nonce: conn.nonce, issuedAt: conn.issuedAt, publicUrl });
    if (conn.state !== 'verifying') return;
    if (!valid) {
      return refuse(
        conn,
        NodeCloseCode.authFailed,
        'bad_signature',
        `signature does not prove ownership by ${hello.owner} (sign the join message for ${publicUrl} with the owner key)`,
      );
    }
    const owner = hello.owner.toLowerCase() as `0x${string}`;
    const existing = byNodeId.get(hello.nodeId);
    if (existing?.node && existing.node.owner !== owner) {
      return refuse(
        conn,
        NodeCloseCode.nodeIdTaken,
        'node_id_taken',
        `node id ${hello.nodeId} belongs to another owner`,
      );
    }
    const { servable, refused } = sortAdvertisedModels(hello);
    if (servable.length === 0) {
      return refuse(
        conn,
        NodeCloseCode.noServableModel,
        'no_servable_model',
        `no advertised model can be served here: ${refused.join('; ')}`,
      );
    }
    const now = Date.now();
    // Scheduled for nothing until its probes pass (proveModels).
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
    let registered: Awaited<ReturnType<NodeStore['registerNode']>>;
    try {
      registered = await store.registerNode({ ...node, models: servable }, new Date(now));
    } catch (error) {
      logger.error({ err: error, nodeId: node.nodeId }, 'node registration failed');
      return drop(conn, 1011, 'internal_error', 'the coordinator could not register the node; retry later');
    }
    if (conn.state !== 'verifying') {
      // The socket closed while the row was being written as online: unless a newer connection of
      // the same node took over meanwhile, the row must not stay online.
      if (registered.ok && !byNodeId.has(node.nodeId)) {
        persist('markOffline', node.nodeId, () => store.markOffline(node.nodeId, new Date()));
      }
      return;
    }
    if (!registered.ok) {
      return registered.reason === 'suspended'
        ? refuse(
            conn,
            NodeCloseCode.suspended,
            'suspended',
            `node ${node.nodeId} is suspended by an operator`,
          )
        : refuse(
            conn,
            NodeCloseCode.nodeIdTaken,
            'node_id_taken',
            `node id ${node.nodeId} belongs to another owner`,
          );
    }
    node.score = registered.reliabilityScore;
    conn.standing = registered;
    conn.lastSeenWrittenAt = now;
    // Same owner, same id: the newer connection wins (the old one is usually a dead socket).
    const previous = byNodeId.get(node.nodeId);
    if (previous && previous !== conn) {
      byNodeId.delete(node.nodeId);
      drop(previous, NodeCloseCode.replaced, 'replaced', 'a newer connection registered this node id');
    }
    conn.node = node;
    conn.state = 'ready';
    byNodeId.set(node.nodeId, conn);
    registry.add(node);
    updateOnlineGauge();
    publish('node.online', node);
    send(conn, {
      type: 'welcome',
      nodeId: node.nodeId,
      heartbeatIntervalMs: Math.max(100, Math.floor(heartbeatTtlMs / 3)),
      earningsWei: registered.earningsWei.toString(),
      reliabilityScore: registered.reliabilityScore,
      tasksCompleted: registered.tasksCompleted,
    });
    logger.info(
      { nodeId: node.nodeId, owner, gpu: node.gpu, models: servable.map((m) => m.id), refused },
      'node connected; probing its models',
    );
    if (refused.length > 0) {
      // A notice, not a refusal: the node stays connected for the models it can serve.
      send(conn, {
        type: 'error',
        code: 'model_refused',
        message: `not offered here: ${refused.join('; ')}`.slice(
          0,
          NODE_PROTOCOL_LIMITS.maxErrorMessageLength,
        ),
      });
    }
    void proveModels(conn, node, servable);
  };

  /**
   * Probes each servable model in turn (one unpaid task each, so a node with one slot is never
   * handed a paid task during a probe) and then offers the node paid tasks for the models it proved.
   * A node that proves none is disconnected (it may reconnect and be probed again).
   */
  const proveModels = async (conn: Connection, node: LiveNode, servable: NodeModel[]): Promise<void> => {
    const proven: NodeModel[] = [];
    const failures: string[] = [];
    for (const model of servable) {
      const probe = await probeNodeModel({
        model: model.id,
        timeoutMs: probeTimeoutMs,
        openTask: (taskId, handle) => openLocalTask(node.nodeId, taskId, handle),
      });
      if (conn.state !== 'ready' || byNodeId.get(node.nodeId) !== conn) return;
      if (probe.ok) proven.push(model);
      else failures.push(`${model.id}: ${probe.reason}`);
    }
    const message = `probe failed for ${failures.join('; ')}`.slice(
      0,
      NODE_PROTOCOL_LIMITS.maxErrorMessageLength,
    );
    if (proven.length === 0) {
      logger.warn({ nodeId: node.nodeId, failures }, 'node failed every probe');
      return drop(conn, NodeCloseCode.probeFailed, 'probe_failed', message);
    }
    registry.setModels(node.nodeId, proven);
    logger.info({ nodeId: node.nodeId, models: proven.map((m) => m.id), failures }, 'node proved its models');
    if (failures.length > 0) send(conn, { type: 'error', code: 'probe_failed', message });
  };

  const onHeartbeat = (conn: Connection, node: LiveNode, tokensPerSecond: number): void => {
    const now = Date.now();
    registry.recordHeartbeat(node.nodeId, now, tokensPerSecond);
    if (now - conn.lastSeenWrittenAt >= lastSeenWriteIntervalMs) {
      conn.lastSeenWrittenAt = now;
      persist('touch', node.nodeId, async () => {
        const standing = await store.touch(node.nodeId, new Date(now));
        if (standing) conn.standing = standing;
      });
    }
    publishMetrics(node, conn.standing);
    send(conn, {
      type: 'heartbeat.ack',
      ...(conn.standing
        ? {
            earningsWei: conn.standing.earningsWei.toString(),
            reliabilityScore: conn.standing.reliabilityScore,
            tasksCompleted: conn.standing.tasksCompleted,
          }
        : {}),
    });
  };

  const forgetTask = (conn: Connection, taskId: string): void => {
    conn.tasks.delete(taskId);
    conn.recentlyEnded.push(taskId);
    if (conn.recentlyEnded.length > 64) conn.recentlyEnded.shift();
  };

  const onMessage = (conn: Connection, message: NodeToServerMessage): void => {
    if (conn.state === 'challenged') {
      if (message.type === 'hello') void join(conn, message);
      else countMalformed(conn, `expected hello, got ${message.type}`);
      return;
    }
    const node = conn.node;
    if (conn.state !== 'ready' || !node) return; // frames racing the signature check are dropped
    switch (message.type) {
      case 'hello':
        countMalformed(conn, 'hello after join');
        return;
      case 'heartbeat':
        onHeartbeat(conn, node, message.tokensPerSecond);
        return;
      case 'drain':
        if (node.status === 'online') {
          registry.setStatus(node.nodeId, 'draining');
          publish('node.draining', node);
          logger.info({ nodeId: node.nodeId, activeTasks: node.activeTasks }, 'node draining');
        }
        return;
      default: {
        const task = conn.tasks.get(message.taskId);
        if (!task) {
          if (!conn.recentlyEnded.includes(message.taskId)) {
            countMalformed(conn, `${message.type} for unknown task ${message.taskId}`);
          }
          return;
        }
        const violation = task.onNodeMessage(message);
        if (violation) countMalformed(conn, violation);
      }
    }
  };

  const onConnection = (ws: WebSocket): void => {
    const conn: Connection = {
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
    connections.add(conn);
    conn.helloTimer = setTimeout(
      () => drop(conn, NodeCloseCode.helloTimeout, 'hello_timeout', 'no hello within the time limit'),
      helloTimeoutMs,
    );
    ws.on('message', (data, isBinary) => {
      if (conn.state === 'closed') return;
      conn.lastFrameAt = Date.now();
      const text = isBinary ? undefined : data;
      if (text === undefined) return countMalformed(conn, 'binary frame');
      const decoded = decodeNodeWireMessage(NodeToServerMessageSchema, text as Buffer);
      if (!decoded.ok) return countMalformed(conn, decoded.reason);
      try {
        onMessage(conn, decoded.message);
      } catch (error) {
        // A bug handling one node's message must not take the coordinator down.
        logger.error({ err: error, nodeId: conn.node?.nodeId }, 'node message handler failed');
      }
    });
    ws.on('close', (code) => drop(conn, code));
    ws.on('error', (error) => {
      logger.warn({ err: error, nodeId: conn.node?.nodeId }, 'node socket error');
      drop(conn, NodeCloseCode.protocolError);
    });
    send(conn, {
      type: 'challenge',
      protocolVersion: NODE_PROTOCOL_VERSION,
      nonce: conn.nonce,
      issuedAt: conn.issuedAt,
    });
  };

  const sweepIntervalMs = Math.max(50, Math.floor(heartbeatTtlMs / 4));
  let lastSweepAt = Date.now();
  const sweep = setInterval(() => {
    const now = Date.now();
    // This process itself stalled (a long GC, a saturated event loop): the nodes' heartbeats may be
    // sitting unread in their sockets, so silence is no evidence yet. Look again next round.
    const stalled = now - lastSweepAt > 2 * sweepIntervalMs;
    lastSweepAt = now;
    if (stalled) return;
    for (const conn of connections) {
      // Any frame (a heartbeat included) is a sign of life: a streaming node's heartbeat may queue
      // behind its tokens.
      if (conn.state === 'ready' && now - conn.lastFrameAt > heartbeatTtlMs) {
        drop(
          conn,
          NodeCloseCode.heartbeatTimeout,
          'heartbeat_timeout',
          `no heartbeat for ${heartbeatTtlMs} ms`,
        );
      }
    }
  }, sweepIntervalMs);
  sweep.unref();

  const openLocalTask = (nodeId: string, taskId: string, handle: TaskHandle): TaskLink | undefined => {
    const conn = byNodeId.get(nodeId);
    if (conn?.state !== 'ready' || conn.tasks.has(taskId)) return undefined;
    conn.tasks.set(taskId, handle);
    return {
      send: (message) => send(conn, message),
      close: () => forgetTask(conn, taskId),
    };
  };

  const suspendLocal = (nodeId: string): boolean => {
    const conn = byNodeId.get(nodeId);
    if (!conn) return false;
    registry.setStatus(nodeId, 'suspended');
    drop(conn, NodeCloseCode.suspended, 'suspended', `node ${nodeId} was suspended by an operator`);
    return true;
  };

  const ready = cluster
    ? cluster.start({
        openTask: openLocalTask,
        reportViolation(nodeId, reason) {
          const conn = byNodeId.get(nodeId);
          if (conn) countMalformed(conn, reason);
        },
        suspend: suspendLocal,
      })
    : Promise.resolve();
  ready.catch((error: unknown) => logger.error({ err: error }, 'node cluster did not start'));

  const dispatch = (request: DispatchRequest): Promise<DispatchStream> =>
    dispatchTask(request, {
      scheduler,
      maxAttempts: options.maxAttempts ?? 5,
      taskIdleTimeoutMs: options.taskIdleTimeoutMs ?? 60_000,
      tokenGapTimeoutMs: options.tokenGapTimeoutMs ?? 5_000,
      cancelGraceMs: options.cancelGraceMs ?? 5_000,
      logger,
      openTask(nodeId, taskId, handle) {
        if (cluster?.isRemote(nodeId)) return cluster.openRemoteTask(nodeId, taskId, handle);
        return openLocalTask(nodeId, taskId, handle);
      },
      onScore(nodeId, score) {
        registry.setScore(nodeId, score);
        persist('saveScore', nodeId, () => store.saveScore(nodeId, score));
      },
      isClosing: () => closing,
    });

  return {
    handleUpgrade(req, socket, head) {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (path !== NODE_CONNECT_PATH) return false;
      if (closing) {
        socket.destroy();
        return true;
      }
      wss.handleUpgrade(req, socket, head, onConnection);
      return true;
    },
    registry,
    scheduler,
    ready,
    dispatch,
    stats() {
      let activeTasks = 0;
      for (const conn of connections) activeTasks += conn.tasks.size;
      return { connections: connections.size, nodesOnline: byNodeId.size, ...counters, activeTasks };
    },
    async suspendNode(nodeId) {
      const found = await store.suspend(nodeId);
      const here = suspendLocal(nodeId);
      // Another replica may hold the node's socket.
      if (!here && cluster?.isRemote(nodeId)) cluster.suspend(nodeId);
      if (found || here) logger.warn({ nodeId }, 'node suspended');
      return found || here;
    },
    async close() {
      closing = true;
      clearInterval(sweep);
      scheduler.close();
      for (const conn of [...connections]) {
        drop(conn, NodeCloseCode.shuttingDown, 'shutting_down', 'the coordinator is shutting down');
      }
      await Promise.allSettled([...pending]);
      await cluster?.close();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/**
 * Splits a node's advertised models into those this coordinator sells on a GPU of the advertised
 * memory (catalogued, minimum VRAM met) and the rest, each with the reason it is refused.
 */
function sortAdvertisedModels(hello: HelloMessage): { servable: NodeModel[]; refused: string[] } {
  const servable: NodeModel[] = [];
  const refused: string[] = [];
  for (const model of hello.models) {
    const spec = getModelSpec(model.id);
    if (!spec) refused.push(`${model.id} is not in the model catalogue`);
    else if (hello.gpu.vramGb < spec.minVramGb)
      refused.push(`${model.id} needs ${spec.minVramGb} GB of VRAM, this node has ${hello.gpu.vramGb} GB`);
    else servable.push(model);
  }
  return { servable, refused };
}
