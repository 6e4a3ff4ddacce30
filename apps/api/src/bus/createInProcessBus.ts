import type { Bus, BusHandler, BusOptions, BusPatternHandler, BusUnsubscribe } from './Bus.js';
import { busPatternToRegExp } from './busPatternToRegExp.js';
import { decodeBusMessage, encodeBusMessage } from './encodeBusMessage.js';

/**
 * A {@link Bus} inside one process: for tests and the single-process local network. Messages go
 * through the same JSON encoding as Redis and are delivered asynchronously (as a microtask), so
 * code that works here behaves the same against Redis.
 *
 * @param options - `onError` for handler exceptions.
 * @returns the bus.
 * @example
 * const bus = createInProcessBus();
 * const off = await bus.subscribe('revenue:updates', (m) => console.log(m));
 * await bus.publish('revenue:updates', { amountWei: 5n }); // handler gets { amountWei: '5' }
 */
export function createInProcessBus(options: BusOptions = {}): Bus {
  const onError = options.onError ?? defaultOnError;
  const channels = new Map<string, Set<BusHandler>>();
  const patterns = new Set<{ regexp: RegExp; handler: BusPatternHandler }>();
  let closed = false;

  function deliver(channel: string, raw: string): void {
    for (const handler of channels.get(channel) ?? []) safely(() => handler(decodeBusMessage(raw)), channel);
    for (const p of patterns) {
      if (p.regexp.test(channel)) safely(() => p.handler(decodeBusMessage(raw), channel), channel);
    }
  }

  function safely(run: () => void, channel: string): void {
    try {
      run();
    } catch (error) {
      onError(error, channel);
    }
  }

  return {
    async publish(channel, message) {
      if (closed) throw new Error('bus is closed');
      const raw = encodeBusMessage(message);
      // Microtasks run in FIFO order, which keeps per-channel ordering.
      queueMicrotask(() => {
        if (!closed) deliver(channel, raw);
      });
    },
    async subscribe(channel, handler): Promise<BusUnsubscribe> {
      if (closed) throw new Error('bus is closed');
      // Wrapped so subscribing the same function twice gives two independent subscriptions.
      const own: BusHandler = (m) => handler(m);
      const set = channels.get(channel) ?? new Set<BusHandler>();
      set.add(own);
      channels.set(channel, set);
      return async () => {
        set.delete(own);
        if (set.size === 0 && channels.get(channel) === set) channels.delete(channel);
      };
    },
    async psubscribe(pattern, handler): Promise<BusUnsubscribe> {
      if (closed) throw new Error('bus is closed');
      const entry = { regexp: busPatternToRegExp(pattern), handler };
      patterns.add(entry);
      return async () => {
        patterns.delete(entry);
      };
    },
    async close() {
      closed = true;
      channels.clear();
      patterns.clear();
    },
  };
}

function defaultOnError(error: unknown, channel: string): void {
  console.error(`bus handler failed on ${channel}`, error);
}
