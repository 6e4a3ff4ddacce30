import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { trackRequestsInFlight } from './trackRequestsInFlight.js';

describe('trackRequestsInFlight', () => {
  it('waits for a request in flight to finish after the server stops accepting', async () => {
    let finish: () => void = () => {};
    const server = createServer((_request, response) => {
      response.write('first part;');
      finish = () => response.end('last part');
    });
    const requests = trackRequestsInFlight(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const answer = fetch(`http://127.0.0.1:${port}/`).then((r) => r.text());
    await new Promise((r) => setTimeout(r, 100));

    server.close();
    let drained = false;
    const draining = requests.drained(10_000).then(() => {
      drained = true;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(drained).toBe(false);
    finish();
    await draining;
    expect(await answer).toBe('first part;last part');
  });

  it('gives up waiting at the deadline', async () => {
    const server = createServer(() => {});
    const requests = trackRequestsInFlight(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    void fetch(`http://127.0.0.1:${port}/`).catch(() => {});
    await new Promise((r) => setTimeout(r, 100));
    await requests.drained(200);
    server.closeAllConnections();
    server.close();
  });
});
