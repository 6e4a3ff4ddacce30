import { Redis } from 'ioredis';
import type { RealtimeBus } from '../RealtimeBus.js';

/**
 * Test buses with the contract of `apps/api/src/bus` (JSON on the wire, bigint as decimal
 * strings, per-channel order), so the gateway's tests do not depend on that module's progress.
 */

function encode(message: unknown): string {
  return JSON.stringify(message, (_key, value) => (typeof value === 'bigint' ? value.toString() : value));
}

/**
 * An in-process bus: delivers asynchronously and as JSON, like the real one, so tests see what
 * a subscriber on another replica would.
 */
export function createMemoryTestBus(): RealtimeBus & { close(): Promise<void> } {
  const handlers = new Map<string, Set<(message: unknown) => void>>();
  let chain = Promise.resolve();
  return {
    async publish(channel, message) {
      const wire = encode(message);
      // One queue for all deliveries keeps per-channel order, as Redis pub/sub does.
      chain = chain.then(() => {
        for (const handler of handlers.get(channel) ?? []) handler(JSON.parse(wire));
      });
      await chain;
    },
    async subscribe(channel, handler) {
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
      }
      set.add(handler);
      return () => {
        set.delete(handler);
      };
    },
    async close() {
      handlers.clear();
    },
  };
}

/** A Redis pub/sub bus; `prefix` isolates one test's channels from everyone else's. */
export function createRedisTestBus(url: string, prefix: string): RealtimeBus & { close(): Promise<void> } {
  const pub = new Redis(url);
  const sub = new Redis(url);
  const handlers = new Map<string, Set<(message: unknown) => void>>();
  sub.on('message', (channel: string, wire: string) => {
    for (const handler of handlers.get(channel.slice(prefix.length)) ?? []) handler(JSON.parse(wire));
  });
  return {
    async publish(channel, message) {
      await pub.publish(prefix + channel, encode(message));
    },
    async subscribe(channel, handler) {
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
      }
      set.add(handler);
      await sub.subscribe(prefix + channel);
      return async () => {
        set.delete(handler);
        if (set.size === 0) await sub.unsubscribe(prefix + channel);
      };
    },
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
