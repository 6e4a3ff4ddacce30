import {
  buildNodeJoinMessage,
  type ChallengeMessage,
  decodeNodeWireMessage,
  FATAL_NODE_CLOSE_CODES,
  isBillableTokenText,
  NODE_CONNECT_PATH,
  NODE_PROTOCOL_LIMITS,
  NODE_PROTOCOL_VERSION,
  type NodeGpuKind,
  type NodeToServerMessage,
  type ServerToNodeMessage,
  ServerToNodeMessageSchema,
  type TaskAssignMessage,
} from '@far/protocol';
import { WebSocket } from 'ws';
import type { Engine, GenerateRequest } from '../engines/engine.js';
import { type BackoffOptions, computeBackoffDelay } from './computeBackoffDelay.js';
import { createTokenRateMeter } from './createTokenRateMeter.js';
import type { AgentState, AgentStatus } from './formatStatusLine.js';

/** The signing half of a wallet account (a viem `LocalAccount` fits). */
export type AgentSigner = {
  address: `0x${string}`;
  signMessage(args: { message: string }): Promise<`0x${string}`>;
};

export type AgentLogger = {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
};

export type CreateNodeAgentOptions = {
  /** The coordinator's base URL (http(s) or ws(s)); the agent connects to `<url>/v1/nodes/connect`. */
  coordinatorUrl: string;
  account: AgentSigner;
  nodeId: string;
  engine: Engine;
  gpu: { name: string; vramGb: number; kind: NodeGpuKind };
  maxConcurrency: number;
  /** Agent software version, reported in `hello`. */
  version: string;
  /** Models to advertise; default: `engine.listModels()`. */
  models?: { id: string; contextLength?: number }[];
  backoff?: BackoffOptions;
  logger?: AgentLogger;
  /** Called on every status change (connection, task start/end, heartbeat acknowledgement). */
  onStatus?: (status: AgentStatus) => void;
};

/** How the agent stopped: `drained`/`stopped` on request, `fatal` when the coordinator refused it for good. */
export type AgentExit =
  | { kind: 'drained' | 'stopped' }
  | { kind: 'fatal'; closeCode: number; errorCode: string | undefined; message: string };

export type NodeAgent = {
  /** Connects and keeps reconnecting until drained, stopped, or refused for good. */
  start(): void;
  /** Graceful shutdown: tells the coordinator, finishes running tasks, takes no new ones, disconnects. */
  drain(): Promise<AgentExit>;
  /** Immediate shutdown: aborts running tasks and disconnects. */
  stop(): Promise<AgentExit>;
  status(): AgentStatus;
  /** Settles when the agent has stopped for any reason. */
  readonly exited: Promise<AgentExit>;
};

type RunningTask = { controller: AbortController };

const silentLogger: AgentLogger = { info() {}, warn() {} };

/**
 * The far-node agent: dials out to the coordinator (no open port needed), proves its owner wallet
 * by signing the challenge, advertises GPU and models, heartbeats, and runs assigned tasks on the
 * engine with one `task.token` per model token. Reconnects with exponential backoff and jitter.
 *
 * @param options - coordinator, wallet, engine and capabilities.
 * @returns the agent (call `start()`).
 * @example
 * const agent = createNodeAgent({ coordinatorUrl: 'http://127.0.0.1:4000', account, nodeId, engine, gpu, maxConcurrency: 1, version: '0.1.0' });
 * agent.start();
 * process.once('SIGTERM', () => agent.drain());
 */
export function createNodeAgent(options: CreateNodeAgentOptions): NodeAgent {
  const { engine, account } = options;
  const logger = options.logger ?? silentLogger;
  const connectUrl = toConnectUrl(options.coordinatorUrl);
  const meter = createTokenRateMeter();
  const startedAt = Date.now();
  const tasks = new Map<string, RunningTask>();
  let ws: WebSocket | undefined;
  let state: AgentState = 'connecting';
  let reconnectAttempt = 0;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let heartbeatTimer: NodeJS.Timeout | undefined;
  let draining = false;
  let stopping = false;
  let models: { id: string; contextLength?: number }[] | undefined = options.models;
  const status: AgentStatus = {
    state,
    nodeId: options.nodeId,
    coordinator: new URL(options.coordinatorUrl).origin,
    activeTasks: 0,
    maxConcurrency: options.maxConcurrency,
    tasksServed: 0,
    tokensGenerated: 0,
    tokensPerSecond: 0,
    earningsWei: undefined,
    reliabilityScore: undefined,
    reconnectInMs: undefined,
    lastError: undefined,
  };
  let resolveExit!: (exit: AgentExit) => void;
  const exited = new Promise<AgentExit>((resolve) => {
    resolveExit = resolve;
  });
  let exit: AgentExit | undefined;

  const emit = (): void => {
    status.state = state;
    status.activeTasks = tasks.size;
    status.tokensPerSecond = meter.rate();
    options.onStatus?.({ ...status });
  };
  const setState = (next: AgentState): void => {
    state = next;
    emit();
  };

  const send = (message: NodeToServerMessage): void => {
    if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
  };

  const finish = (result: AgentExit): void => {
    if (exit) return;
    exit = result;
    clearTimeout(reconnectTimer);
    clearInterval(heartbeatTimer);
    for (const task of tasks.values()) task.controller.abort();
    setState(result.kind === 'fatal' ? 'fatal' : 'stopped');
    resolveExit(result);
  };

  const sendHeartbeat = (): void => {
    send({
      type: 'heartbeat',
      load: tasks.size,
      tokensPerSecond: Math.min(meter.rate(), NODE_PROTOCOL_LIMITS.maxTokensPerSecond),
      tasksCompleted: status.tasksServed,
      tokensGenerated: status.tokensGenerated,
      uptimeSeconds: (Date.now() - startedAt) / 1000,
    });
    emit();
  };

  const answerChallenge = async (challenge: ChallengeMessage, socket: WebSocket): Promise<void> => {
    models ??= await engine.listModels();
    const message = buildNodeJoinMessage({
      coordinatorUrl: options.coordinatorUrl,
      nodeId: options.nodeId,
      owner: account.address,
      nonce: challenge.nonce,
      issuedAt: challenge.issuedAt,
      protocolVersion: NODE_PROTOCOL_VERSION,
    });
    const signature = await account.signMessage({ message });
    if (socket !== ws) return;
    send({
      type: 'hello',
      protocolVersion: NODE_PROTOCOL_VERSION,
      nodeId: options.nodeId,
      owner: account.address,
      signature,
      gpu: options.gpu,
      engine: engine.kind,
      models: models.map((m) =>
        m.contextLength === undefined ? { id: m.id } : { id: m.id, contextLength: m.contextLength },
      ),
      maxConcurrency: options.maxConcurrency,
      version: options.version,
    });
  };

  const refuseTask = (taskId: string, code: string, message: string): void => {
    send({ type: 'task.error', taskId, code, message });
  };

  const runTask = async (assign: TaskAssignMessage): Promise<void> => {
    if (draining) return refuseTask(assign.taskId, 'draining', 'node is draining and takes no new tasks');
    if (tasks.has(assign.taskId))
      return refuseTask(assign.taskId, 'duplicate_task', 'task id already running');
    if (tasks.size >= options.maxConcurrency) {
      return refuseTask(assign.taskId, 'busy', `all ${options.maxConcurrency} slots are in use`);
    }
    if (!models?.some((m) => m.id === assign.model)) {
      return refuseTask(assign.taskId, 'model_not_found', `this node does not serve ${assign.model}`);
    }
    const controller = new AbortController();
    tasks.set(assign.taskId, { controller });
    send({ type: 'task.accepted', taskId: assign.taskId });
    emit();
    const request: GenerateRequest = {
      model: assign.model,
      maxTokens: assign.maxTokens,
      temperature: assign.temperature,
      signal: controller.signal,
      ...(assign.messages ? { messages: assign.messages } : {}),
      ...(assign.prompt !== undefined ? { prompt: assign.prompt } : {}),
      ...(assign.topP !== undefined ? { topP: assign.topP } : {}),
      ...(assign.seed !== undefined ? { seed: assign.seed } : {}),
      ...(assign.stop ? { stop: assign.stop } : {}),
    };
    let seq = 0;
    // The coordinator bills only tokens that show text, and checks this node's claim against that.
    let billable = 0;
    try {
      const result = await engine.generate(request, (token) => {
        if (controller.signal.aborted || seq >= assign.maxTokens) return;
        const text = token.text.slice(0, NODE_PROTOCOL_LIMITS.maxTokenTextLength);
        send({ type: 'task.token', taskId: assign.taskId, seq, text });
        if (isBillableTokenText(text)) billable += 1;
        seq += 1;
        status.tokensGenerated += 1;
        meter.record(1);
      });
      send({
        type: 'task.done',
        taskId: assign.taskId,
        usage: { promptTokens: result.promptTokens, completionTokens: billable },
        finishReason: controller.signal.aborted ? 'cancelled' : result.finishReason,
      });
      status.tasksServed += 1;
    } catch (error) {
      if (controller.signal.aborted) {
        send({
          type: 'task.done',
          taskId: assign.taskId,
          usage: { promptTokens: 0, completionTokens: billable },
          finishReason: 'cancelled',
        });
      } else {
        const code = errorCode(error);
        const message = error instanceof Error ? error.message : String(error);
        logger.warn('task failed', { taskId: assign.taskId, code, message });
        refuseTask(assign.taskId, code, message.slice(0, NODE_PROTOCOL_LIMITS.maxErrorMessageLength));
      }
    } finally {
      tasks.delete(assign.taskId);
      emit();
      if (draining && tasks.size === 0) closeDrained();
    }
  };

  const closeDrained = (): void => {
    logger.info('drained: all tasks finished');
    ws?.close(1000, 'drained');
    finish({ kind: 'drained' });
  };

  const onServerMessage = (message: ServerToNodeMessage, socket: WebSocket): void => {
    switch (message.type) {
      case 'challenge':
        answerChallenge(message, socket).catch((error: unknown) => {
          status.lastError = `could not answer the challenge: ${error instanceof Error ? error.message : String(error)}`;
          logger.warn(status.lastError);
          socket.close(1011, 'challenge failed');
        });
        return;
      case 'welcome':
        reconnectAttempt = 0;
        status.lastError = undefined;
        status.reconnectInMs = undefined;
        applyStanding(message);
        clearInterval(heartbeatTimer);
        heartbeatTimer = setInterval(sendHeartbeat, message.heartbeatIntervalMs);
        logger.info('connected', { nodeId: message.nodeId, coordinator: status.coordinator });
        if (draining) {
          // A drain requested while reconnecting still has to reach this coordinator.
          send({ type: 'drain' });
          setState('draining');
          if (tasks.size === 0) closeDrained();
        } else setState('connected');
        return;
      case 'heartbeat.ack':
        applyStanding(message);
        emit();
        return;
      case 'error':
        status.lastError = `${message.code}: ${message.message}`;
        logger.warn('coordinator error', { code: message.code, message: message.message });
        emit();
        return;
      case 'task.assign':
        void runTask(message);
        return;
      case 'task.cancel':
        tasks.get(message.taskId)?.controller.abort();
        return;
    }
  };

  const applyStanding = (m: {
    earningsWei?: string | undefined;
    reliabilityScore?: number | undefined;
  }): void => {
    if (m.earningsWei !== undefined) status.earningsWei = BigInt(m.earningsWei);
    if (m.reliabilityScore !== undefined) status.reliabilityScore = m.reliabilityScore;
  };

  const connect = (): void => {
    if (exit) return;
    setState(reconnectAttempt === 0 ? 'connecting' : 'reconnecting');
    const socket = new WebSocket(connectUrl, {
      maxPayload: NODE_PROTOCOL_LIMITS.maxFrameBytes,
      handshakeTimeout: 10_000,
    });
    ws = socket;
    let lastServerError: { code: string; message: string } | undefined;
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      const decoded = decodeNodeWireMessage(ServerToNodeMessageSchema, data as Buffer);
      if (!decoded.ok) {
        logger.warn('ignoring malformed coordinator message', { reason: decoded.reason });
        return;
      }
      if (decoded.message.type === 'error') lastServerError = decoded.message;
      onServerMessage(decoded.message, socket);
    });
    socket.on('error', (error) => {
      status.lastError = error.message;
    });
    socket.on('close', (code, reasonBuffer) => {
      if (socket !== ws) return;
      clearInterval(heartbeatTimer);
      ws = undefined;
      // The coordinator forgets our tasks when the socket drops, so finishing them would be wasted work.
      for (const task of tasks.values()) task.controller.abort();
      if (exit) return;
      const reason = lastServerError?.message ?? reasonBuffer.toString();
      if (FATAL_NODE_CLOSE_CODES.has(code)) {
        logger.warn('coordinator refused this node', { code, reason });
        finish({
          kind: 'fatal',
          closeCode: code,
          errorCode: lastServerError?.code,
          message: reason || `closed with ${code}`,
        });
        return;
      }
      if (stopping || (draining && tasks.size === 0)) {
        finish({ kind: draining ? 'drained' : 'stopped' });
        return;
      }
      status.lastError = reason || status.lastError || `connection closed (${code})`;
      const delay = computeBackoffDelay(reconnectAttempt, options.backoff);
      reconnectAttempt += 1;
      status.reconnectInMs = delay;
      setState('reconnecting');
      reconnectTimer = setTimeout(connect, delay);
    });
  };

  return {
    start() {
      if (ws || exit) return;
      connect();
    },
    async drain() {
      if (exit) return exit;
      if (!draining) {
        draining = true;
        send({ type: 'drain' });
        setState('draining');
        logger.info('draining: finishing running tasks, taking no new ones', { activeTasks: tasks.size });
        if (tasks.size === 0) {
          if (ws?.readyState === WebSocket.OPEN) closeDrained();
          else {
            ws?.terminate();
            finish({ kind: 'drained' });
          }
        }
      }
      return exited;
    },
    async stop() {
      if (exit) return exit;
      stopping = true;
      for (const task of tasks.values()) task.controller.abort();
      if (ws && ws.readyState !== WebSocket.CLOSED) ws.close(1000, 'stopping');
      finish({ kind: 'stopped' });
      return exited;
    },
    status: () => ({ ...status, state, activeTasks: tasks.size, tokensPerSecond: meter.rate() }),
    exited,
  };
}

function toConnectUrl(coordinatorUrl: string): string {
  const url = new URL(coordinatorUrl);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${NODE_CONNECT_PATH}`;
  return url.toString();
}

/** A protocol error code from an engine failure: its own `code` in snake_case, else `engine_error`. */
function errorCode(error: unknown): string {
  const raw =
    error && typeof error === 'object' && 'code' in error ? String((error as { code: unknown }).code) : '';
  const snake = raw.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return /^[a-z][a-z0-9_]{0,63}$/.test(snake) ? snake : 'engine_error';
}
