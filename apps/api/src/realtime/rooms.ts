/**
 * socket.io room names. One place builds them so the emitter and the joiner can never disagree
 * (for example on the case of an address).
 */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  task: (taskId: string) => `task:${taskId}`,
  node: (nodeId: string) => `node:${nodeId}`,
  /** Addresses are lowercased: checksummed and plain forms name the same wallet. */
  revenue: (walletAddress: string) => `revenue:${walletAddress.toLowerCase()}`,
} as const;
