/** Receives one message published on a channel it subscribed to. */
export type BusHandler = (message: unknown) => void;

/** Receives one message whose channel matched a pattern, with the channel it came on. */
export type BusPatternHandler = (message: unknown, channel: string) => void;

/** Undoes a subscription; resolves once no more messages will be delivered to that handler. */
export type BusUnsubscribe = () => Promise<void>;

/**
 * Publish/subscribe between API replicas (Redis) or inside one process (tests, the local network
 * in a box). Both implementations behave the same:
 *
 * - Messages are JSON. A `bigint` anywhere in a message is sent as its decimal string (JSON has no
 *   bigint), so `{ amount: 5n }` arrives as `{ amount: '5' }`: parse it back with zod
 *   (`z.coerce.bigint()`), as at any other boundary. `undefined` properties are dropped.
 * - Handlers receive a fresh decoded copy, never the publisher's object.
 * - Messages on one channel arrive in the order they were published by one bus instance.
 * - Delivery is at most once and only to subscriptions active when the message is published;
 *   anything that must not be lost belongs in the database, with the bus as the doorbell.
 * - A handler that throws does not affect other handlers or the publisher; the error goes to
 *   the bus's `onError`.
 */
export interface Bus {
  /** Sends `message` to every current subscriber of `channel`, in every process sharing the bus. */
  publish(channel: string, message: unknown): Promise<void>;
  /** Delivers messages on `channel` to `handler` once the returned promise resolves. */
  subscribe(channel: string, handler: BusHandler): Promise<BusUnsubscribe>;
  /**
   * Delivers messages on every channel matching a Redis glob `pattern` (`*`, `?`, `[abc]`, `\`
   * escapes), e.g. `task:*`.
   */
  psubscribe(pattern: string, handler: BusPatternHandler): Promise<BusUnsubscribe>;
  /** Stops delivery and releases connections; publishing afterwards throws. */
  close(): Promise<void>;
}

export type BusOptions = {
  /** Where handler exceptions and undecodable messages go (default: console.error). */
  onError?: (error: unknown, channel: string) => void;
};
