import { createTokenRateMeter } from './createTokenRateMeter.js';
import type { AgentStatus } from './formatStatusLine.js';

/** The agent's status: counters and connection state kept in one place, told to `onStatus` on change. */
export type AgentStatusTracker = {
  /** The fields the agent updates in place; `activeTasks` and `tokensPerSecond` come from `snapshot()`. */
  readonly current: AgentStatus;
  /** A copy with the live task count and token rate. */
  snapshot(): AgentStatus;
  /** Tells `onStatus` the current snapshot. */
  emit(): void;
  /** Changes some fields, then emits. */
  set(change: Partial<AgentStatus>): void;
  /** One token sent to the coordinator. */
  recordToken(): void;
  /** One task the engine finished. */
  recordTaskServed(): void;
  /** Takes the running totals a welcome or heartbeat acknowledgement carries, when it carries them. */
  applyStanding(standing: { earningsWei?: string | undefined; reliabilityScore?: number | undefined }): void;
};

export type CreateAgentStatusOptions = {
  nodeId: string;
  coordinatorUrl: string;
  maxConcurrency: number;
  /** Tasks running now (the task runner knows). */
  activeTasks: () => number;
  onStatus?: ((status: AgentStatus) => void) | undefined;
};

/**
 * Keeps the agent's status for the terminal line and `agent.status()`: state, tasks served, tokens
 * generated and their rate, and the standing the coordinator reports.
 *
 * @param options - identity, concurrency, the live task count and the listener.
 * @returns the tracker, in state `connecting`.
 * @example
 * const status = createAgentStatus({ nodeId, coordinatorUrl, maxConcurrency: 1, activeTasks: () => 0 });
 * status.set({ state: 'connected' });
 */
export function createAgentStatus(options: CreateAgentStatusOptions): AgentStatusTracker {
  const meter = createTokenRateMeter();
  const current: AgentStatus = {
    state: 'connecting',
    nodeId: options.nodeId,
    coordinator: new URL(options.coordinatorUrl).origin,
    activeTasks: 0,
    maxConcurrency: options.maxConcurrency,
    tasksServed: 0,
    tokensGenerated: 0,
    tokensPerSecond: 0,
    earningsWei: undefined,
    reliabilityScore: undefined,
    reconnectInMs: undefined,
    lastError: undefined,
  };
  const snapshot = (): AgentStatus => ({
    ...current,
    activeTasks: options.activeTasks(),
    tokensPerSecond: meter.rate(),
  });
  const emit = (): void => options.onStatus?.(snapshot());
  return {
    current,
    snapshot,
    emit,
    set(change) {
      Object.assign(current, change);
      emit();
    },
    recordToken() {
      current.tokensGenerated += 1;
      meter.record(1);
    },
    recordTaskServed() {
      current.tasksServed += 1;
    },
    applyStanding({ earningsWei, reliabilityScore }) {
      if (earningsWei !== undefined) current.earningsWei = BigInt(earningsWei);
      if (reliabilityScore !== undefined) current.reliabilityScore = reliabilityScore;
    },
  };
}
