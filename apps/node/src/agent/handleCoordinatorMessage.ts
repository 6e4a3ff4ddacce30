import type { ChallengeMessage, ServerToNodeMessage, WelcomeMessage } from '@far/protocol';
import type { WebSocket } from 'ws';
import { buildHeartbeatMessage } from './buildHeartbeatMessage.js';
import { buildHelloMessage } from './buildHelloMessage.js';
import { leaveDrained, type NodeAgentRuntime, sendToCoordinator } from './nodeAgentRuntime.js';

/**
 * Acts on one message from the coordinator: answers the challenge, starts heartbeating once
 * welcomed, keeps the standing it reports, and runs or cancels tasks.
 *
 * @param runtime - the agent.
 * @param message - the message, already validated at the wire.
 * @param socket - the connection it came on (a challenge answered after a reconnect is dropped).
 * @example
 * socket.on('message', (data) => handleCoordinatorMessage(runtime, decode(data), socket));
 */
export function handleCoordinatorMessage(
  runtime: NodeAgentRuntime,
  message: ServerToNodeMessage,
  socket: WebSocket,
): void {
  const { status } = runtime;
  switch (message.type) {
    case 'challenge':
      answerChallenge(runtime, message, socket).catch((error: unknown) => {
        status.current.lastError = `could not answer the challenge: ${error instanceof Error ? error.message : String(error)}`;
        runtime.logger.warn(status.current.lastError);
        socket.close(1011, 'challenge failed');
      });
      return;
    case 'welcome':
      welcome(runtime, message);
      return;
    case 'heartbeat.ack':
      status.applyStanding(message);
      status.emit();
      return;
    case 'error':
      status.current.lastError = `${message.code}: ${message.message}`;
      runtime.logger.warn('coordinator error', { code: message.code, message: message.message });
      status.emit();
      return;
    case 'task.assign':
    case 'task.embed':
      void runtime.tasks.run(message, { draining: runtime.draining, models: runtime.models });
      return;
    case 'task.cancel':
      runtime.tasks.cancel(message.taskId);
      return;
  }
}

async function answerChallenge(
  runtime: NodeAgentRuntime,
  challenge: ChallengeMessage,
  socket: WebSocket,
): Promise<void> {
  const { options } = runtime;
  runtime.models ??= await options.engine.listModels();
  const hello = await buildHelloMessage({
    challenge,
    coordinatorUrl: options.coordinatorUrl,
    nodeId: options.nodeId,
    account: options.account,
    gpu: options.gpu,
    engineKind: options.engine.kind,
    models: runtime.models,
    maxConcurrency: options.maxConcurrency,
    version: options.version,
  });
  if (socket === runtime.socket) sendToCoordinator(runtime, hello);
}

function welcome(runtime: NodeAgentRuntime, message: WelcomeMessage): void {
  const { status } = runtime;
  runtime.reconnectAttempt = 0;
  status.current.lastError = undefined;
  status.current.reconnectInMs = undefined;
  status.applyStanding(message);
  clearInterval(runtime.heartbeatTimer);
  runtime.heartbeatTimer = setInterval(() => {
    const uptimeSeconds = (Date.now() - runtime.startedAt) / 1000;
    sendToCoordinator(runtime, buildHeartbeatMessage(status.snapshot(), uptimeSeconds));
    status.emit();
  }, message.heartbeatIntervalMs);
  runtime.logger.info('connected', { nodeId: message.nodeId, coordinator: status.current.coordinator });
  if (runtime.draining) {
    // A drain requested while reconnecting still has to reach this coordinator.
    sendToCoordinator(runtime, { type: 'drain' });
    status.set({ state: 'draining' });
    if (runtime.tasks.size === 0) leaveDrained(runtime);
  } else status.set({ state: 'connected' });
}
