export {
  type AttachRealtimeOptions,
  attachRealtime,
  type RealtimeGateway,
  type RealtimeIo,
  SOCKET_IO_PATH,
} from './attachRealtime.js';
export { authenticateSocket, type SocketAuthError } from './authenticateSocket.js';
export * from './channels.js';
export {
  createInferenceStreamServer,
  INFERENCE_STREAM_PATH,
  type InferenceStreamMessage,
  type InferenceStreamServer,
  inferenceStreamCloseCodes,
} from './createInferenceStreamServer.js';
export { findOwnedNode, type OwnedNode } from './findOwnedNode.js';
export { findOwnedTask, type OwnedTask, terminalTaskStatuses } from './findOwnedTask.js';
export { publishRealtime } from './publishRealtime.js';
export type { RealtimeBus } from './RealtimeBus.js';
export { type RealtimeSocket, registerSubscriptionHandlers } from './registerSubscriptionHandlers.js';
export { type RealtimeCaller, resolveRealtimeCaller } from './resolveRealtimeCaller.js';
export { rooms } from './rooms.js';
export type {
  RealtimeClientToServerEvents,
  RealtimeServerToClientEvents,
  RealtimeSocketData,
  SubscribeAck,
  SubscribeErrorCode,
} from './socketEvents.js';
export { type RevenueSummary, summarizeRevenue } from './summarizeRevenue.js';
export { type ClientPayload, toClientPayload } from './toClientPayload.js';
