import { NodeCloseCode } from '@far/protocol';
import { dropNodeConnection } from './dropNodeConnection.js';
import type { GatewayContext } from './gatewayContext.js';

/**
 * Disconnects nodes silent for longer than `heartbeatTtlMs`, checking four times per TTL.
 *
 * @param ctx - the gateway.
 * @returns stops the sweep.
 */
export function startHeartbeatSweep(ctx: GatewayContext): () => void {
  const { heartbeatTtlMs } = ctx.settings;
  const sweepIntervalMs = Math.max(50, Math.floor(heartbeatTtlMs / 4));
  let lastSweepAt = Date.now();
  const sweep = setInterval(() => {
    const now = Date.now();
    // This process itself stalled (a long GC, a saturated event loop): the nodes' heartbeats may be
    // sitting unread in their sockets, so silence is no evidence yet. Look again next round.
    const stalled = now - lastSweepAt > 2 * sweepIntervalMs;
    lastSweepAt = now;
    if (stalled) return;
    for (const conn of ctx.connections) {
      // Any frame (a heartbeat included) is a sign of life: a streaming node's heartbeat may queue
      // behind its tokens.
      if (conn.state === 'ready' && now - conn.lastFrameAt > heartbeatTtlMs) {
        const message = `no heartbeat for ${heartbeatTtlMs} ms`;
        dropNodeConnection(ctx, conn, NodeCloseCode.heartbeatTimeout, 'heartbeat_timeout', message);
      }
    }
  }, sweepIntervalMs);
  sweep.unref();
  return () => clearInterval(sweep);
}
