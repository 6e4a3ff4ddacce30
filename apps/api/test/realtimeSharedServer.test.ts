import type { Db } from '@far/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { Bus } from '../src/bus/Bus.js';
import {
  connected,
  connectTestSocket,
  createTestUser,
  startTestGateway,
  type TestClientSocket,
} from './support/realtimeFixtures.js';
import { type RealtimeTestbed, startRealtimeTestbed } from './support/startRealtimeTestbed.js';

// The realtime gateway shares the API's HTTP server with other upgrade handlers and hands it back.

let testbed: RealtimeTestbed;
let db: Db;
let bus: Bus;
let gateway: RealtimeTestbed['gateway'];
let sockets: TestClientSocket[];
beforeAll(async () => {
  testbed = await startRealtimeTestbed();
  ({ db, bus, gateway, sockets } = testbed);
});
afterAll(async () => {
  await testbed?.close();
});

describe('sharing the HTTP server', () => {
  it('leaves other upgrade paths to their own handler, even a slow one', async () => {
    const nodes = new WebSocketServer({ noServer: true });
    const onUpgrade = (
      request: import('node:http').IncomingMessage,
      socket: import('node:stream').Duplex,
      head: Buffer,
    ) => {
      if (!request.url?.startsWith('/v1/nodes/connect')) return;
      // Slower than engine.io's default 1 s destroyUpgrade timer, which the gateway turns off.
      setTimeout(() => {
        nodes.handleUpgrade(request, socket, head, (ws) => ws.send('node gateway here'));
      }, 1_200);
    };
    gateway.server.on('upgrade', onUpgrade);
    try {
      const ws = new WebSocket(`${gateway.wsUrl}/v1/nodes/connect`);
      const greeting = await new Promise<string>((resolve, reject) => {
        ws.once('message', (data) => resolve(String(data)));
        ws.once('error', reject);
      });
      expect(greeting).toBe('node gateway here');
      ws.close();
    } finally {
      gateway.server.off('upgrade', onUpgrade);
      nodes.close();
    }
  });

  it('claims only its own upgrade paths', () => {
    const owns = (url: string) => gateway.gateway.ownsUpgrade({ url } as import('node:http').IncomingMessage);
    expect(owns('/socket.io/?EIO=4&transport=websocket')).toBe(true);
    expect(owns('/ws/inference/task_1?token=x')).toBe(true);
    expect(owns('/v1/nodes/connect')).toBe(false);
    expect(owns('/ws/inference/')).toBe(false);
    expect(owns('/socket.iox/')).toBe(false);
  });

  it('hands the server back on close: HTTP still works and /socket.io is no longer served', async () => {
    const other = await startTestGateway({ db, bus });
    const user = await createTestUser(db);
    const socket = connectTestSocket(other.url, user.token);
    sockets.push(socket);
    await connected(socket);
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await other.gateway.close();
    expect(await disconnected).toBe('io server disconnect');
    expect(await (await fetch(`${other.url}/hello`)).text()).toBe('hello');
    expect((await fetch(`${other.url}/socket.io/?EIO=4&transport=polling`)).status).toBe(404);
    other.server.closeAllConnections();
    await new Promise<void>((resolve) => other.server.close(() => resolve()));
  });
});
