/**
 * The part of the message bus (`apps/api/src/bus`, `createBus(redisUrl?)`) the gateway uses.
 * Declared structurally so the gateway depends on the shape, not on the bus module: any `Bus`
 * satisfies it. Messages arrive JSON-decoded (bigint as decimal strings) and are validated here.
 */
export type RealtimeBus = {
  publish(channel: string, message: unknown): Promise<void>;
  subscribe(channel: string, handler: (message: unknown) => void): Promise<() => Promise<void> | void>;
};
