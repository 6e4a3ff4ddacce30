import type { NodeEngineKind, NodeGpuKind, NodeModelCapability } from '@far/protocol';

export type NodeModel = {
  readonly id: string;
  readonly contextLength?: number | undefined;
  /** What the node serves the model for, as its `hello` said; absent means chat only. */
  readonly capabilities?: readonly NodeModelCapability[] | undefined;
};

/** `online` takes tasks; `draining` finishes its tasks and takes none; `suspended` was stopped by an operator. */
export type LiveNodeStatus = 'online' | 'draining' | 'suspended';

/** What the coordinator knows about one connected node. Mutated only through the registry. */
export type LiveNode = {
  readonly nodeId: string;
  /** Lower-cased owner wallet, proven by the join signature. */
  readonly owner: `0x${string}`;
  readonly gpu: { readonly name: string; readonly vramGb: number; readonly kind: NodeGpuKind };
  readonly engine: NodeEngineKind;
  /**
   * The models the node may be given paid tasks for: advertised, catalogued, fitting its VRAM, and
   * proven by an answered probe on this connection (empty until then). Its `hello` claims alone
   * put nothing here.
   */
  models: readonly NodeModel[];
  readonly maxConcurrency: number;
  readonly version: string;
  readonly connectedAt: number;
  status: LiveNodeStatus;
  /** Reliability score 0..100 (see `updateNodeScore`). */
  score: number;
  activeTasks: number;
  tokensPerSecond: number;
  lastHeartbeatAt: number;
};

/**
 * The live set of nodes a scheduler chooses from: in memory for one replica
 * (`createInMemoryNodeRegistry`), or the whole cluster's when replicas share nodes through Redis
 * (`createNodeCluster`'s registry).
 */
export interface NodeRegistry {
  /** Adds a node, replacing any entry with the same id. */
  add(node: LiveNode): void;
  remove(nodeId: string): LiveNode | undefined;
  get(nodeId: string): LiveNode | undefined;
  /** Nodes that advertise `model` (any status, any load): the scheduler's per-model index. */
  nodesServing(model: string): Iterable<LiveNode>;
  all(): Iterable<LiveNode>;
  readonly size: number;
  setStatus(nodeId: string, status: LiveNodeStatus): void;
  setScore(nodeId: string, score: number): void;
  /** Replaces the models the node is scheduled for (see `LiveNode.models`), re-indexing it. */
  setModels(nodeId: string, models: readonly NodeModel[]): void;
  recordHeartbeat(nodeId: string, at: number, tokensPerSecond: number): void;
  /** Takes one task slot if the node is online and has a free one. */
  tryAcquireSlot(nodeId: string): boolean;
  releaseSlot(nodeId: string): void;
  /** Called whenever a node may have become able to take a task (added, slot freed, back online). */
  onCapacity(listener: (node: LiveNode) => void): () => void;
}

/**
 * An in-process `NodeRegistry` with an index from model id to the nodes serving it, so choosing a
 * node costs O(nodes serving that model) instead of a scan of the whole network.
 *
 * @returns an empty registry.
 * @example
 * const registry = createInMemoryNodeRegistry();
 * registry.add(node);
 * selectNode(registry, { model: 'far-demo', minVramGb: 0 });
 */
export function createInMemoryNodeRegistry(): NodeRegistry {
  const nodes = new Map<string, LiveNode>();
  const byModel = new Map<string, Set<LiveNode>>();
  const listeners = new Set<(node: LiveNode) => void>();

  const notify = (node: LiveNode): void => {
    for (const listener of listeners) listener(node);
  };

  const unindex = (node: LiveNode): void => {
    for (const m of node.models) {
      const set = byModel.get(m.id);
      set?.delete(node);
      if (set?.size === 0) byModel.delete(m.id);
    }
  };

  const index = (node: LiveNode): void => {
    for (const m of node.models) {
      let set = byModel.get(m.id);
      if (!set) {
        set = new Set();
        byModel.set(m.id, set);
      }
      set.add(node);
    }
  };

  return {
    add(node) {
      const previous = nodes.get(node.nodeId);
      if (previous) unindex(previous);
      nodes.set(node.nodeId, node);
      index(node);
      notify(node);
    },
    remove(nodeId) {
      const node = nodes.get(nodeId);
      if (!node) return undefined;
      nodes.delete(nodeId);
      unindex(node);
      return node;
    },
    get: (nodeId) => nodes.get(nodeId),
    nodesServing: (model) => byModel.get(model) ?? [],
    all: () => nodes.values(),
    get size() {
      return nodes.size;
    },
    setStatus(nodeId, status) {
      const node = nodes.get(nodeId);
      if (!node || node.status === status) return;
      node.status = status;
      if (status === 'online') notify(node);
    },
    setScore(nodeId, score) {
      const node = nodes.get(nodeId);
      if (node) node.score = score;
    },
    setModels(nodeId, models) {
      const node = nodes.get(nodeId);
      if (!node) return;
      unindex(node);
      node.models = models;
      index(node);
      // Requests queued for a model it now serves may take it at once.
      notify(node);
    },
    recordHeartbeat(nodeId, at, tokensPerSecond) {
      const node = nodes.get(nodeId);
      if (!node) return;
      node.lastHeartbeatAt = at;
      node.tokensPerSecond = tokensPerSecond;
    },
    tryAcquireSlot(nodeId) {
      const node = nodes.get(nodeId);
      if (node?.status !== 'online' || node.activeTasks >= node.maxConcurrency) return false;
      node.activeTasks += 1;
      return true;
    },
    releaseSlot(nodeId) {
      const node = nodes.get(nodeId);
      if (!node || node.activeTasks === 0) return;
      node.activeTasks -= 1;
      if (node.status === 'online') notify(node);
    },
    onCapacity(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
