import { WebSocket } from 'ws';
import type { AgentExit } from './agentExit.js';
import { connectToCoordinator } from './connectToCoordinator.js';
import type { AgentStatus } from './formatStatusLine.js';
import type { NodeAgentOptions } from './nodeAgentOptions.js';
import {
  createNodeAgentRuntime,
  finishAgent,
  leaveDrained,
  type NodeAgentRuntime,
  sendToCoordinator,
} from './nodeAgentRuntime.js';

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

/**
 * The far-node agent: dials out to the coordinator (no open port needed), proves its owner wallet
 * by signing the challenge, advertises GPU and models, heartbeats, and runs assigned tasks on the
 * engine with one `task.token` per model token. Reconnects with exponential backoff and jitter.
 *
 * Its parts: `connectToCoordinator` (connection and backoff loop), `handleCoordinatorMessage`
 * (challenge, welcome, heartbeats, tasks), `createTaskRunner` (admission and running), and
 * `createAgentStatus` (the status line's numbers), sharing one `NodeAgentRuntime`.
 *
 * @param options - coordinator, wallet, engine and capabilities.
 * @returns the agent (call `start()`).
 * @example
 * const agent = createNodeAgent({ coordinatorUrl: 'http://127.0.0.1:4000', account, nodeId, engine, gpu, maxConcurrency: 1, version: '0.1.0' });
 * agent.start();
 * process.once('SIGTERM', () => agent.drain());
 */
export function createNodeAgent(options: NodeAgentOptions): NodeAgent {
  const runtime = createNodeAgentRuntime(options);
  return {
    start() {
      if (runtime.socket || runtime.exit) return;
      connectToCoordinator(runtime);
    },
    drain: () => drainAgent(runtime),
    stop: () => stopAgent(runtime),
    status: () => runtime.status.snapshot(),
    exited: runtime.exited,
  };
}

async function drainAgent(runtime: NodeAgentRuntime): Promise<AgentExit> {
  if (runtime.exit) return runtime.exit;
  if (!runtime.draining) {
    runtime.draining = true;
    sendToCoordinator(runtime, { type: 'drain' });
    runtime.status.set({ state: 'draining' });
    runtime.logger.info('draining: finishing running tasks, taking no new ones', {
      activeTasks: runtime.tasks.size,
    });
    if (runtime.tasks.size === 0) {
      if (runtime.socket?.readyState === WebSocket.OPEN) leaveDrained(runtime);
      else {
        runtime.socket?.terminate();
        finishAgent(runtime, { kind: 'drained' });
      }
    }
  }
  return runtime.exited;
}

async function stopAgent(runtime: NodeAgentRuntime): Promise<AgentExit> {
  if (runtime.exit) return runtime.exit;
  runtime.stopping = true;
  runtime.tasks.abortAll();
  const { socket } = runtime;
  if (socket && socket.readyState !== WebSocket.CLOSED) socket.close(1000, 'stopping');
  finishAgent(runtime, { kind: 'stopped' });
  return runtime.exited;
}
