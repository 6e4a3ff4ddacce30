/** What the registry needs of a stream: `ws`'s WebSocket fits. */
export type TaskStream = { ping(): void; terminate(): void };

/** One open stream: its task, whether it answered the last ping, its token-expiry timer. */
export type TaskStreamSubscriber = { taskId: string; alive: boolean; expiry: NodeJS.Timeout | undefined };

export type TaskStreamRegistry<S extends TaskStream> = {
  /** Registers an open stream (not yet watching: a task that already ended gets its status only). */
  add(stream: S, taskId: string): TaskStreamSubscriber;
  /** The stream now receives its task's chunks. */
  watch(stream: S): void;
  /** Forgets a stream and clears its expiry timer; unknown streams are ignored. */
  remove(stream: S): void;
  /** The streams watching a task. */
  watching(taskId: string): S[];
  /** How many streams watch a task. */
  count(taskId: string): number;
  /** Pings every stream, terminating those that did not answer the previous ping. */
  pingAll(): void;
};

/**
 * The plain inference streams open on this replica, by stream and by task, with the liveness
 * check that cuts off a peer that stopped answering pings.
 *
 * @returns the registry.
 * @example
 * const streams = createTaskStreamRegistry<WebSocket>();
 * streams.add(ws, taskId); streams.watch(ws);
 * for (const ws of streams.watching(taskId)) ws.send(chunk);
 */
export function createTaskStreamRegistry<S extends TaskStream>(): TaskStreamRegistry<S> {
  const byTask = new Map<string, Set<S>>();
  const subscribers = new Map<S, TaskStreamSubscriber>();
  return {
    add(stream, taskId) {
      const subscriber: TaskStreamSubscriber = { taskId, alive: true, expiry: undefined };
      subscribers.set(stream, subscriber);
      return subscriber;
    },
    watch(stream) {
      const subscriber = subscribers.get(stream);
      if (!subscriber) return;
      let set = byTask.get(subscriber.taskId);
      if (!set) {
        set = new Set();
        byTask.set(subscriber.taskId, set);
      }
      set.add(stream);
    },
    remove(stream) {
      const subscriber = subscribers.get(stream);
      if (!subscriber) return;
      subscribers.delete(stream);
      clearTimeout(subscriber.expiry);
      const set = byTask.get(subscriber.taskId);
      set?.delete(stream);
      if (set?.size === 0) byTask.delete(subscriber.taskId);
    },
    watching(taskId) {
      return [...(byTask.get(taskId) ?? [])];
    },
    count(taskId) {
      return byTask.get(taskId)?.size ?? 0;
    },
    pingAll() {
      for (const [stream, subscriber] of subscribers) {
        if (!subscriber.alive) {
          stream.terminate();
          continue;
        }
        subscriber.alive = false;
        stream.ping();
      }
    },
  };
}
