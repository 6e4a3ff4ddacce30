import type { Server } from 'node:http';

/**
 * Counts the HTTP requests a server is answering (a streamed completion counts until its last
 * byte), so a shutdown can wait for them without waiting on the long-lived WebSocket upgrades
 * (nodes, realtime), which are not requests.
 *
 * @returns `drained(ms)`: resolves once no request is in flight, or after `ms` at the latest.
 * @example
 * const requests = trackRequestsInFlight(server);
 * server.close(); await requests.drained(25_000);
 */
export function trackRequestsInFlight(server: Server) {
  let inFlight = 0;
  server.on('request', (_request, response) => {
    inFlight++;
    response.once('close', () => inFlight--);
  });
  return {
    async drained(ms: number): Promise<void> {
      const deadline = Date.now() + ms;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    },
  };
}
