import type { NodeModelCapability } from '@far/protocol';
import type { LiveNode, NodeRegistry } from '../nodes/nodeRegistry.js';
import { NoNodeAvailableError } from './NoNodeAvailableError.js';
import { nodeServesCapability, selectNode } from './selectNode.js';

export type CreateSchedulerOptions = {
  registry: NodeRegistry;
  /** Requests that may wait per model when every node is busy (default 64). */
  maxQueuedPerModel?: number;
  /** How long a request waits for a free slot before `queue_timeout` (default 2 s). */
  maxWaitMs?: number;
};

export type AcquireNodeParameters = {
  model: string;
  /** What the task needs the model for (default `chat`); see `selectNode`. */
  capability?: NodeModelCapability | undefined;
  minVramGb: number;
  /** Nodes not to choose (a retry after a node failed the task). */
  exclude?: ReadonlySet<string> | undefined;
  signal?: AbortSignal | undefined;
};

export type Scheduler = {
  /**
   * Chooses a node and takes one of its task slots. Waits in the model's FIFO when all eligible
   * nodes are busy. Call `release(node.nodeId)` when the task ends.
   *
   * @throws NoNodeAvailableError when none serves the model, the queue is full, or the wait times out.
   */
  acquire(params: AcquireNodeParameters): Promise<LiveNode>;
  release(nodeId: string): void;
  /** Requests waiting now (for one model, or all). */
  queued(model?: string): number;
  /** Rejects every waiting request and stops listening to the registry. */
  close(): void;
};

/**
 * The FIFO a request waits in: one per model and capability, so an embeddings request at the head
 * never holds up chat requests for a node that serves only chat, nor the reverse.
 */
const queueKey = (params: Pick<AcquireNodeParameters, 'model' | 'capability'>): string =>
  params.capability === 'embeddings' ? `${params.model}\u0000embeddings` : params.model;

type Waiter = {
  params: AcquireNodeParameters;
  resolve: (node: LiveNode) => void;
  reject: (error: unknown) => void;
  cleanup: () => void;
};

/**
 * A scheduler over a `NodeRegistry`: best node first (`selectNode`), and when every node is busy a
 * bounded FIFO per model whose head is served the moment a slot frees.
 *
 * @param options - registry, queue bound, and wait deadline.
 * @returns the scheduler.
 * @example
 * const scheduler = createScheduler({ registry });
 * const node = await scheduler.acquire({ model: 'far-demo', minVramGb: 0, signal });
 * try { … } finally { scheduler.release(node.nodeId); }
 */
export function createScheduler(options: CreateSchedulerOptions): Scheduler {
  const { registry } = options;
  const maxQueued = options.maxQueuedPerModel ?? 64;
  const maxWaitMs = options.maxWaitMs ?? 2000;
  const queues = new Map<string, Waiter[]>();

  const take = (params: AcquireNodeParameters): LiveNode | undefined => {
    const node = selectNode(registry, params);
    return node && registry.tryAcquireSlot(node.nodeId) ? node : undefined;
  };

  const serveQueue = (key: string): void => {
    const queue = queues.get(key);
    while (queue && queue.length > 0) {
      const head = queue[0] as Waiter;
      const node = take(head.params);
      if (!node) return;
      queue.shift();
      head.cleanup();
      head.resolve(node);
    }
    if (queue?.length === 0) queues.delete(key);
  };

  const unsubscribe = registry.onCapacity((node) => {
    for (const m of node.models) {
      serveQueue(m.id);
      if (m.capabilities?.includes('embeddings'))
        serveQueue(queueKey({ model: m.id, capability: 'embeddings' }));
    }
  });

  const removeWaiter = (waiter: Waiter): void => {
    const key = queueKey(waiter.params);
    const queue = queues.get(key);
    const at = queue?.indexOf(waiter) ?? -1;
    if (queue && at >= 0) queue.splice(at, 1);
    if (queue?.length === 0) queues.delete(key);
    waiter.cleanup();
  };

  return {
    async acquire(params) {
      params.signal?.throwIfAborted();
      const queue = queues.get(queueKey(params));
      // Earlier waiters go first: a newcomer only skips the queue when nobody is waiting.
      if (!queue || queue.length === 0) {
        const node = take(params);
        if (node) return node;
      }
      if (!anyNodeCouldServe(registry, params))
        throw new NoNodeAvailableError(params.model, 'no_eligible_node');
      if ((queue?.length ?? 0) >= maxQueued) throw new NoNodeAvailableError(params.model, 'queue_full');
      return new Promise<LiveNode>((resolve, reject) => {
        const onAbort = (): void => {
          removeWaiter(waiter);
          reject(params.signal?.reason);
        };
        const timer = setTimeout(() => {
          removeWaiter(waiter);
          reject(new NoNodeAvailableError(params.model, 'queue_timeout'));
        }, maxWaitMs);
        const waiter: Waiter = {
          params,
          resolve,
          reject,
          cleanup: () => {
            clearTimeout(timer);
            params.signal?.removeEventListener('abort', onAbort);
          },
        };
        params.signal?.addEventListener('abort', onAbort, { once: true });
        let list = queues.get(queueKey(params));
        if (!list) {
          list = [];
          queues.set(queueKey(params), list);
        }
        list.push(waiter);
      });
    },
    release(nodeId) {
      registry.releaseSlot(nodeId);
    },
    queued(model) {
      if (model !== undefined) return queues.get(model)?.length ?? 0;
      let n = 0;
      for (const q of queues.values()) n += q.length;
      return n;
    },
    close() {
      unsubscribe();
      for (const queue of queues.values()) {
        for (const waiter of queue.splice(0)) {
          waiter.cleanup();
          waiter.reject(new NoNodeAvailableError(waiter.params.model, 'no_eligible_node'));
        }
      }
      queues.clear();
    },
  };
}

/** Whether some node could ever serve the request (online, enough memory, not excluded), busy or not. */
function anyNodeCouldServe(registry: NodeRegistry, params: AcquireNodeParameters): boolean {
  for (const node of registry.nodesServing(params.model)) {
    if (
      node.status === 'online' &&
      node.gpu.vramGb >= params.minVramGb &&
      !params.exclude?.has(node.nodeId) &&
      nodeServesCapability(node, params.model, params.capability)
    )
      return true;
  }
  return false;
}
