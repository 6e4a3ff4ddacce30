import { Redis } from 'ioredis';
import type { Bus, BusHandler, BusOptions, BusPatternHandler, BusUnsubscribe } from './Bus.js';
import { decodeBusMessage, encodeBusMessage } from './encodeBusMessage.js';

/**
 * A {@link Bus} over Redis pub/sub, shared by every API replica. Uses two connections: one
 * publishes, one sits in subscriber mode (Redis allows nothing else on it). ioredis reconnects and
 * re-subscribes by itself; messages published while disconnected are lost, as documented on Bus.
 *
 * @param url - redis:// URL.
 * @param options - `onError` for handler exceptions and undecodable messages.
 * @returns the bus, once both connections are ready.
 * @example
 * const bus = await createRedisBus(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
 */
export async function createRedisBus(url: string, options: BusOptions = {}): Promise<Bus> {
  const onError = options.onError ?? defaultOnError;
  const { publisher, subscriber } = await connectRedisPair(url);
  const channels = new Map<string, Set<BusHandler>>();
  const patterns = new Map<string, Set<BusPatternHandler>>();
  let closed = false;

  subscriber.on('message', (channel: string, raw: string) => {
    deliver(channels.get(channel), raw, channel, onError, (handler, value) => handler(value));
  });
  subscriber.on('pmessage', (pattern: string, channel: string, raw: string) => {
    deliver(patterns.get(pattern), raw, channel, onError, (handler, value) => handler(value, channel));
  });
  // Without a listener ioredis would log connection errors as unhandled; it keeps retrying anyway.
  subscriber.on('error', (error) => onError(error, '(subscriber connection)'));
  publisher.on('error', (error) => onError(error, '(publisher connection)'));

  function assertOpen(): void {
    if (closed) throw new Error('bus is closed');
  }

  return {
    async publish(channel, message) {
      assertOpen();
      await publisher.publish(channel, encodeBusMessage(message));
    },
    async subscribe(channel, handler): Promise<BusUnsubscribe> {
      assertOpen();
      // SUBSCRIBE is idempotent in Redis; sending it for every handler keeps the promise meaning
      // "the server has confirmed", even for a second handler added while the first is pending.
      return addHandler(channels, channel, (m) => handler(m), {
        serverAdd: () => subscriber.subscribe(channel),
        serverRemove: async () => {
          if (!closed) await subscriber.unsubscribe(channel);
        },
      });
    },
    async psubscribe(pattern, handler): Promise<BusUnsubscribe> {
      assertOpen();
      return addHandler(patterns, pattern, (m, c) => handler(m, c), {
        serverAdd: () => subscriber.psubscribe(pattern),
        serverRemove: async () => {
          if (!closed) await subscriber.punsubscribe(pattern);
        },
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      channels.clear();
      patterns.clear();
      await Promise.allSettled([publisher.quit(), subscriber.quit()]);
    },
  };
}

/** Opens the publishing and the subscribing connection; neither is left open if one fails. */
async function connectRedisPair(url: string): Promise<{ publisher: Redis; subscriber: Redis }> {
  const publisher = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const subscriber = new Redis(url, { lazyConnect: true });
  try {
    await Promise.all([publisher.connect(), subscriber.connect()]);
  } catch (error) {
    publisher.disconnect();
    subscriber.disconnect();
    throw error;
  }
  return { publisher, subscriber };
}

/**
 * Hands one raw message to each handler, decoded per handler so no two handlers share (and can
 * mutate) one object. A handler that throws is reported and does not stop the others; an
 * undecodable message is reported once and delivered to none.
 */
function deliver<H>(
  handlers: Set<H> | undefined,
  raw: string,
  channel: string,
  onError: (error: unknown, channel: string) => void,
  call: (handler: H, value: unknown) => void,
): void {
  for (const handler of handlers ?? []) {
    let value: unknown;
    try {
      value = decodeBusMessage(raw);
    } catch (error) {
      onError(error, channel);
      return;
    }
    try {
      call(handler, value);
    } catch (error) {
      onError(error, channel);
    }
  }
}

/**
 * Adds a handler under `key` and confirms the subscription with the server; the returned function
 * removes it, and unsubscribes on the server when it was the key's last handler.
 */
async function addHandler<H>(
  registry: Map<string, Set<H>>,
  key: string,
  own: H,
  server: { serverAdd: () => Promise<unknown>; serverRemove: () => Promise<void> },
): Promise<BusUnsubscribe> {
  let handlers = registry.get(key);
  if (handlers === undefined) {
    handlers = new Set();
    registry.set(key, handlers);
  }
  handlers.add(own);
  await server.serverAdd();
  const set = handlers;
  return async () => {
    set.delete(own);
    if (set.size === 0 && registry.get(key) === set) {
      registry.delete(key);
      await server.serverRemove();
    }
  };
}

function defaultOnError(error: unknown, channel: string): void {
  console.error(`bus handler failed on ${channel}`, error);
}
