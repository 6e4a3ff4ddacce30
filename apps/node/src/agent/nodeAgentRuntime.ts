import type { NodeToServerMessage } from '@far/protocol';
import { WebSocket } from 'ws';
import type { EngineModel } from '../engines/engine.js';
import type { AgentExit } from './agentExit.js';
import { type AgentLogger, silentAgentLogger } from './agentLogger.js';
import { type AgentStatusTracker, createAgentStatus } from './createAgentStatus.js';
import { createTaskRunner, type TaskRunner } from './createTaskRunner.js';
import type { NodeAgentOptions } from './nodeAgentOptions.js';
import { toConnectUrl } from './toConnectUrl.js';

/**
 * What one agent holds while it runs, shared by its parts: the connection loop, the message
 * handler and the drain/stop calls each change it through the functions in this file or their own.
 */
export type NodeAgentRuntime = {
  readonly options: NodeAgentOptions;
  readonly logger: AgentLogger;
  readonly connectUrl: string;
  readonly startedAt: number;
  readonly status: AgentStatusTracker;
  readonly tasks: TaskRunner;
  /** The current connection; a socket that is not this one is stale and ignored. */
  socket: WebSocket | undefined;
  /** What the hello advertised (from the options, else the engine's list on the first challenge). */
  models: EngineModel[] | undefined;
  draining: boolean;
  stopping: boolean;
  /** Reconnects since the last welcome: the backoff's exponent. */
  reconnectAttempt: number;
  reconnectTimer: NodeJS.Timeout | undefined;
  heartbeatTimer: NodeJS.Timeout | undefined;
  /** Set once, when the agent stops for any reason. */
  exit: AgentExit | undefined;
  readonly exited: Promise<AgentExit>;
  readonly resolveExit: (exit: AgentExit) => void;
};

/**
 * A runtime for a new agent: not connected, state `connecting`, no task.
 *
 * @param options - the agent's options.
 * @returns the runtime.
 * @example
 * const runtime = createNodeAgentRuntime(options);
 * connectToCoordinator(runtime);
 */
export function createNodeAgentRuntime(options: NodeAgentOptions): NodeAgentRuntime {
  let resolveExit!: (exit: AgentExit) => void;
  const exited = new Promise<AgentExit>((resolve) => {
    resolveExit = resolve;
  });
  const logger = options.logger ?? silentAgentLogger;
  const runtime: NodeAgentRuntime = {
    options,
    logger,
    connectUrl: toConnectUrl(options.coordinatorUrl),
    startedAt: Date.now(),
    status: createAgentStatus({
      nodeId: options.nodeId,
      coordinatorUrl: options.coordinatorUrl,
      maxConcurrency: options.maxConcurrency,
      activeTasks: () => runtime.tasks.size,
      onStatus: options.onStatus,
    }),
    tasks: createTaskRunner({
      engine: options.engine,
      maxConcurrency: options.maxConcurrency,
      logger,
      send: (message) => sendToCoordinator(runtime, message),
      onToken: () => runtime.status.recordToken(),
      onFinished: () => runtime.status.recordTaskServed(),
      onChange: () => {
        runtime.status.emit();
        if (runtime.draining && runtime.tasks.size === 0) leaveDrained(runtime);
      },
    }),
    socket: undefined,
    models: options.models,
    draining: false,
    stopping: false,
    reconnectAttempt: 0,
    reconnectTimer: undefined,
    heartbeatTimer: undefined,
    exit: undefined,
    exited,
    resolveExit,
  };
  return runtime;
}

/**
 * Sends a message on the current connection; dropped while there is none (the coordinator forgets
 * a node's tasks when its socket drops, so nothing is worth queueing).
 *
 * @param runtime - the agent.
 * @param message - what to send.
 */
export function sendToCoordinator(runtime: NodeAgentRuntime, message: NodeToServerMessage): void {
  if (runtime.socket?.readyState === WebSocket.OPEN) runtime.socket.send(JSON.stringify(message));
}

/**
 * Stops the agent for good (once): no reconnect, no heartbeat, running tasks aborted, `exited` settles.
 *
 * @param runtime - the agent.
 * @param exit - why it stopped.
 */
export function finishAgent(runtime: NodeAgentRuntime, exit: AgentExit): void {
  if (runtime.exit) return;
  runtime.exit = exit;
  clearTimeout(runtime.reconnectTimer);
  clearInterval(runtime.heartbeatTimer);
  runtime.tasks.abortAll();
  runtime.status.set({ state: exit.kind === 'fatal' ? 'fatal' : 'stopped' });
  runtime.resolveExit(exit);
}

/**
 * Ends a drain once the last task finished: closes the connection normally and exits `drained`.
 *
 * @param runtime - the agent.
 */
export function leaveDrained(runtime: NodeAgentRuntime): void {
  runtime.logger.info('drained: all tasks finished');
  runtime.socket?.close(1000, 'drained');
  finishAgent(runtime, { kind: 'drained' });
}
