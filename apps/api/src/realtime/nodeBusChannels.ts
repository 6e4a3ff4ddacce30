/**
 * The bus channels the node gateway publishes and the realtime gateway relays. Their own module so
 * that neither side imports the other for a string.
 */

/** Channel on which node lifecycle events (`node.online`, `node.offline`, `node.draining`) are published. */
export const NODE_EVENTS_CHANNEL = 'nodes:events';

/**
 * Channel of each node's live numbers, one message per heartbeat, in the wire form of the realtime
 * gateway's `node:metrics` schema (`realtime/channels.ts`), which relays it to the owner.
 */
export const NODE_METRICS_CHANNEL = 'node:metrics';
