import type { ChatStreamEvent } from './streamChatCompletion';

/** What the playground knows about one run while it streams: client timestamps, then the API's usage. */
export type PlaygroundRunStats = {
  startedAt: number;
  firstTokenAt: number | null;
  lastTokenAt: number | null;
  chunks: number;
  completionTokens: number | null;
  promptTokens: number | null;
  costFarWei: bigint | null;
  costUsd: number | null;
  nodeId: string | null;
};

/**
 * The stats of a run that has just been sent and has received nothing yet.
 * @param startedAt - when the request was sent (ms, `performance.now()`)
 * @returns stats with every measured figure still unknown
 */
export function startRunStats(startedAt: number): PlaygroundRunStats {
  return {
    startedAt,
    firstTokenAt: null,
    lastTokenAt: null,
    chunks: 0,
    completionTokens: null,
    promptTokens: null,
    costFarWei: null,
    costUsd: null,
    nodeId: null,
  };
}

/**
 * Folds one streamed event into the stats: a token moves the clock and counts a chunk; the usage
 * event brings the token counts, the cost and the node that served the request.
 * @param stats - the stats so far
 * @param event - the event that just arrived
 * @param now - when it arrived (ms)
 * @returns the new stats
 * @example recordStreamEvent(startRunStats(0), { type: 'token', text: 'Hi' }, 120).firstTokenAt // 120
 */
export function recordStreamEvent(
  stats: PlaygroundRunStats,
  event: ChatStreamEvent,
  now: number,
): PlaygroundRunStats {
  if (event.type === 'token') {
    return { ...stats, firstTokenAt: stats.firstTokenAt ?? now, lastTokenAt: now, chunks: stats.chunks + 1 };
  }
  return {
    ...stats,
    completionTokens: event.completionTokens,
    promptTokens: event.promptTokens,
    costFarWei: event.costFarWei,
    costUsd: event.costUsd,
    nodeId: event.nodeId,
  };
}

/**
 * The tokens a run has produced: the API's completion count once known, the chunks seen until then.
 * @param stats - the run's stats, or null before the first run
 * @returns the token count (0 before the first run)
 */
export function countRunTokens(stats: PlaygroundRunStats | null): number {
  return stats?.completionTokens ?? stats?.chunks ?? 0;
}
