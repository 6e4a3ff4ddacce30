import { decodeNodeWireMessage, NODE_PROTOCOL_LIMITS, ServerToNodeMessageSchema } from '@far/protocol';
import { WebSocket } from 'ws';
import { computeBackoffDelay } from './computeBackoffDelay.js';
import { computeSuspendedRetryDelay } from './computeSuspendedRetryDelay.js';
import { decideAfterClose } from './decideAfterClose.js';
import { handleCoordinatorMessage } from './handleCoordinatorMessage.js';
import { finishAgent, type NodeAgentRuntime } from './nodeAgentRuntime.js';

/**
 * Dials the coordinator (the node opens no port) and keeps the connection: messages are validated
 * at the wire and handed to the message handler; when the connection closes, running tasks are
 * aborted and the agent gives up, stops, or dials again after an exponential backoff with jitter;
 * while the network refuses it as suspended it keeps dialling, slowly (30 s doubling to 5 min), so
 * an operator's resume brings it back without its provider restarting it.
 *
 * @param runtime - the agent; does nothing once it has exited.
 * @example
 * connectToCoordinator(createNodeAgentRuntime(options));
 */
export function connectToCoordinator(runtime: NodeAgentRuntime): void {
  if (runtime.exit) return;
  runtime.status.set({ state: runtime.reconnectAttempt === 0 ? 'connecting' : 'reconnecting' });
  const socket = new WebSocket(runtime.connectUrl, {
    maxPayload: NODE_PROTOCOL_LIMITS.maxFrameBytes,
    handshakeTimeout: 10_000,
  });
  runtime.socket = socket;
  let serverError: { code: string; message: string } | undefined;
  socket.on('message', (data, isBinary) => {
    if (isBinary) return;
    const decoded = decodeNodeWireMessage(ServerToNodeMessageSchema, data as Buffer);
    if (!decoded.ok) {
      runtime.logger.warn('ignoring malformed coordinator message', { reason: decoded.reason });
      return;
    }
    if (decoded.message.type === 'error') serverError = decoded.message;
    handleCoordinatorMessage(runtime, decoded.message, socket);
  });
  socket.on('error', (error) => {
    runtime.status.current.lastError = error.message;
  });
  socket.on('close', (code, reason) => {
    if (socket !== runtime.socket) return;
    clearInterval(runtime.heartbeatTimer);
    runtime.socket = undefined;
    // The coordinator forgets our tasks when the socket drops, so finishing them would be wasted work.
    runtime.tasks.abortAll();
    if (runtime.exit) return;
    const decision = decideAfterClose({
      code,
      reason: reason.toString(),
      serverError,
      stopping: runtime.stopping,
      draining: runtime.draining,
      activeTasks: runtime.tasks.size,
      lastError: runtime.status.current.lastError,
    });
    if (decision.action === 'exit') {
      if (decision.exit.kind === 'fatal') {
        runtime.logger.warn('coordinator refused this node', { code, reason: decision.exit.message });
      }
      return finishAgent(runtime, decision.exit);
    }
    if (decision.action === 'waitSuspended') return waitWhileSuspended(runtime, decision.reason);
    const delay = computeBackoffDelay(runtime.reconnectAttempt, runtime.options.backoff);
    runtime.reconnectAttempt += 1;
    runtime.status.current.lastError = decision.lastError;
    runtime.status.set({ state: 'reconnecting', reconnectInMs: delay });
    runtime.reconnectTimer = setTimeout(() => connectToCoordinator(runtime), delay);
  });
}

/**
 * The coordinator refused the node as suspended: say so, then dial again after the suspended
 * backoff. The exponent is the reconnect count since the last welcome, so a resumed node that is
 * welcomed starts afresh.
 */
function waitWhileSuspended(runtime: NodeAgentRuntime, reason: string): void {
  const delay = computeSuspendedRetryDelay(runtime.reconnectAttempt, runtime.options.suspendedRetry);
  runtime.reconnectAttempt += 1;
  const seconds = Math.round(delay / 1000);
  runtime.logger.warn(`suspended by the network: ${reason}; retrying in ${seconds} s`, {
    retryInMs: delay,
    note: 'the node rejoins by itself once an operator resumes it (retries back off from 30 s to 5 min)',
  });
  runtime.status.current.lastError = reason;
  runtime.status.set({ state: 'suspended', reconnectInMs: delay });
  runtime.reconnectTimer = setTimeout(() => connectToCoordinator(runtime), delay);
}
