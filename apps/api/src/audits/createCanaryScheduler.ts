export type CreateCanarySchedulerOptions = {
  /** The most further tasks the node serves before a scheduled canary goes out (K: 0..K, uniform). */
  maxTasks: number;
  /** The longest wait before it goes out if the node serves fewer tasks (0..maxDelayMs, uniform). */
  maxDelayMs: number;
  /** 0..1. */
  random: () => number;
};

export type CanaryScheduler = {
  /**
   * Schedules `send` for `nodeId`: after the node served a random 0..maxTasks further tasks, or a
   * random 0..maxDelayMs, whichever comes first (0 tasks: now).
   */
  schedule(nodeId: string, send: () => void): void;
  /** Counts a task `nodeId` served: the canaries that waited for it go out. */
  served(nodeId: string): void;
  /** Canaries scheduled and not sent yet. */
  waiting(): number;
  /** Drops every waiting canary and clears its timer. */
  close(): void;
};

type WaitingCanary = { tasksLeft: number; timer: NodeJS.Timeout | undefined; send: () => void };

/**
 * When a canary follows the task that drew it. The wait is counted in the node's own served tasks,
 * so how many of them a cheater serves before a canary reaches it does not depend on how fast it
 * serves; the wait is random so that a canary cannot be tied to the task that drew it (any of the
 * last K + 1 tasks may have). The time bound sends it to an idle node all the same.
 *
 * @param options - K, the time bound and the random source.
 * @returns the scheduler; `served` is one map lookup for a node with no canary waiting.
 * @example
 * const canaries = createCanaryScheduler({ maxTasks: 20, maxDelayMs: 10_000, random: Math.random });
 * canaries.served(nodeId);
 * if (random() < rates.canary) canaries.schedule(nodeId, () => start(() => sendCanary(ctx, nodeId, model)));
 */
export function createCanaryScheduler(options: CreateCanarySchedulerOptions): CanaryScheduler {
  const { maxTasks, maxDelayMs, random } = options;
  const byNode = new Map<string, Set<WaitingCanary>>();
  let waiting = 0;
  let closed = false;

  const release = (nodeId: string, canary: WaitingCanary): void => {
    clearTimeout(canary.timer);
    const ofNode = byNode.get(nodeId);
    if (!ofNode?.delete(canary)) return;
    if (ofNode.size === 0) byNode.delete(nodeId);
    waiting -= 1;
    canary.send();
  };

  return {
    schedule(nodeId, send) {
      if (closed) return;
      const tasks = Math.floor(random() * (maxTasks + 1));
      if (tasks === 0) {
        send();
        return;
      }
      const canary: WaitingCanary = { tasksLeft: tasks, timer: undefined, send };
      let ofNode = byNode.get(nodeId);
      if (!ofNode) {
        ofNode = new Set();
        byNode.set(nodeId, ofNode);
      }
      ofNode.add(canary);
      waiting += 1;
      canary.timer = setTimeout(() => release(nodeId, canary), random() * maxDelayMs);
      canary.timer.unref();
    },
    served(nodeId) {
      const ofNode = byNode.get(nodeId);
      if (!ofNode) return;
      for (const canary of ofNode) {
        canary.tasksLeft -= 1;
        if (canary.tasksLeft === 0) release(nodeId, canary);
      }
    },
    waiting: () => waiting,
    close() {
      closed = true;
      for (const ofNode of byNode.values()) for (const canary of ofNode) clearTimeout(canary.timer);
      byNode.clear();
      waiting = 0;
    },
  };
}
