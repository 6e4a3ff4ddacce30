/**
 * WebSocket close codes the coordinator uses when it ends a node's connection. 4000–4999 is the
 * range RFC 6455 leaves to applications; a node decides from the code whether reconnecting can help.
 */
export const NodeCloseCode = {
  /** Too many malformed or out-of-order messages. Reconnecting with the same software will not help. */
  protocolError: 4000,
  /** The `hello` signature does not prove the claimed owner wallet. Fatal: fix the key. */
  authFailed: 4001,
  /** The node speaks a protocol version the coordinator does not. Fatal: upgrade the node. */
  unsupportedVersion: 4002,
  /** No `hello` arrived in time after the challenge. Reconnect. */
  helloTimeout: 4003,
  /** Another connection registered the same node id; this one was replaced. Do not fight over it. */
  replaced: 4004,
  /**
   * The node is suspended (by an operator, or by the network after repeated failed audits). Not
   * fatal: it waits (bounded backoff, 30 s to 5 min) and rejoins once an operator lifts it.
   */
  suspended: 4005,
  /** The node id is registered to a different owner wallet. Fatal: choose another node id. */
  nodeIdTaken: 4006,
  /**
   * None of the advertised models is one this coordinator sells on a GPU of the advertised memory.
   * Fatal: advertise a catalogued model that fits.
   */
  noServableModel: 4007,
  /** No heartbeat within the coordinator's time-to-live. Reconnect. */
  heartbeatTimeout: 4008,
  /** The coordinator is shutting down. Reconnect (to another replica). */
  shuttingDown: 4009,
  /**
   * The node did not answer the coordinator's unpaid probe task with real text in time, for any
   * model it advertised. Reconnect (with backoff): each connection is probed afresh.
   */
  probeFailed: 4010,
  /**
   * The coordinator requires node bonds (NodeBond is deployed) and the owner has not bonded the
   * minimum for the VRAM class the node claims, for this node id. Reconnect (with backoff) once
   * bonded: nothing else has to change on the node.
   */
  bondRequired: 4011,
} as const;

export type NodeCloseCode = (typeof NodeCloseCode)[keyof typeof NodeCloseCode];

/** Close codes after which reconnecting cannot succeed without a human changing something. */
export const FATAL_NODE_CLOSE_CODES: ReadonlySet<number> = new Set([
  NodeCloseCode.authFailed,
  NodeCloseCode.unsupportedVersion,
  NodeCloseCode.replaced,
  NodeCloseCode.nodeIdTaken,
  NodeCloseCode.noServableModel,
]);
