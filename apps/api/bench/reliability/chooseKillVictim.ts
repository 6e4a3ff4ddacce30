import type { CountingUpstream, UpstreamStream } from './startCountingUpstream.js';
import type { FarNodePool, NodeSlot, TestNetwork } from './startFarNodePool.js';

/**
 * A victim: a running node serving at least one stream mid-way, whose streams have all been
 * killed fewer than `maxKillsPerStream` times, and whose every coordinator task is among its live
 * upstream requests.
 *
 * @param options.killsSeen - kills per request id as seen when choosing victims so far.
 * @returns the node's slot and its live streams, or undefined when no node qualifies.
 * @example
 * const victim = chooseKillVictim({ net, pool, upstream, killsSeen, maxKillsPerStream: 3 });
 */
export function chooseKillVictim(options: {
  net: TestNetwork;
  pool: FarNodePool;
  upstream: CountingUpstream;
  killsSeen: Map<number, number>;
  maxKillsPerStream: number;
}): [NodeSlot, UpstreamStream[]] | undefined {
  const { net, pool, upstream, killsSeen } = options;
  const bySlot = new Map<NodeSlot, UpstreamStream[]>();
  for (const s of upstream.live) {
    const slot = pool.slots.find((x) => x.pid !== undefined && x.label === s.label);
    // Streams of a node just killed may not have seen their connection drop yet: not live.
    if (!slot || s.finished || s.aborted) continue;
    bySlot.set(slot, [...(bySlot.get(slot) ?? []), s]);
  }
  return [...bySlot.entries()].find(
    ([slot, list]) =>
      // Every task the coordinator has on the node is among its live upstream requests: none is
      // on its way to the node unseen (this process's view lags when its CPU is short).
      net.api.gateway.registry.get(`rel-${slot.label}`)?.activeTasks === list.length &&
      list.some((s) => s.emitted >= 3 && s.emitted < s.maxTokens - 3) &&
      list.every((s) => (killsSeen.get(s.requestId ?? -1) ?? 0) < options.maxKillsPerStream),
  );
}
