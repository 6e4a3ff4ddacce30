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
  const publisher = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const subscriber = new Redis(url, { lazyConnect: true });
  try {
    await Promise.all([publisher.connect(), subscriber.connect()]);
  } catch (error) {
    publisher.disconnect();
    subscriber.disconnect();
    throw error;
  }

  const channels = new Map<string, Set<BusHandler>>();
  const patterns = new Map<string, Set<BusPatternHandler>>();
  let closed = false;

  function decode(raw: string, channel: string): { ok: true; value: unknown } | { ok: false } {
    try {
      return { ok: true, value: decodeBusMessage(raw) };
    } catch (error) {
      onError(error, channel);
      return { ok: false };
    }
  }

  subscriber.on('message', (channel: string, raw: string) => {
    for (const handler of channels.get(channel) ?? []) {
      // Decoded per handler so no two handlers share (and can mutate) one object.
      const decoded = decode(raw, channel);
      if (!decoded.ok) return;
      try {
        handler(decoded.value);
      } catch (error) {
        onError(error, channel);
      }
    }
  });
  subscriber.on('pmessage', (pattern: string, channel: string, raw: string) => {
    for (const handler of patterns.get(pattern) ?? []) {
      const decoded = decode(raw, channel);
      if (!decoded.ok) return;
      try {
        handler(decoded.value, channel);
      } catch (error) {
        onError(error, channel);
      }
    }
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
      const own: BusHandler = (m) => handler(m);
      let set = channels.get(channel);
      if (set === undefined) {
        set = new Set();
        channels.set(channel, set);
      }
      set.add(own);
      // SUBSCRIBE is idempotent in Redis; sending it for every handler keeps the promise meaning
      // "the server has confirmed", even for a second handler added while the first is pending.
      await subscriber.subscribe(channel);
      const handlers = set;
      return async () => {
        handlers.delete(own);
        if (handlers.size === 0 && channels.get(channel) === handlers) {
          channels.delete(channel);
          if (!closed) await subscriber.unsubscribe(channel);
        }
      };
    },
    async psubscribe(pattern, handler): Promise<BusUnsubscribe> {
      assertOpen();
      const own: BusPatternHandler = (m, c) => handler(m, c);
      let set = patterns.get(pattern);
      if (set === undefined) {
        set = new Set();
        patterns.set(pattern, set);
      }
      set.add(own);
      await subscriber.psubscribe(pattern);
      const handlers = set;
      return async () => {
        handlers.delete(own);
        if (handlers.size === 0 && patterns.get(pattern) === handlers) {
          patterns.delete(pattern);
          if (!closed) await subscriber.punsubscribe(pattern);
        }
      };
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

function defaultOnError(error: unknown, channel: string): void {
  console.error(`bus handler failed on ${channel}`, error);
}
