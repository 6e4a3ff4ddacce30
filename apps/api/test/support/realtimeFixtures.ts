import { randomUUID } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Db, gpuNodes, type InferenceTaskStatus, inferenceTasks } from '@far/db';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { type Socket as ClientSocket, io as connectSocket } from 'socket.io-client';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { signAccessToken } from '../../src/auth/accessToken.js';
import { upsertUser } from '../../src/auth/upsertUser.js';
import { createLogger } from '../../src/observability/createLogger.js';
import { type AttachRealtimeOptions, attachRealtime } from '../../src/realtime/attachRealtime.js';
import type { RealtimeBus } from '../../src/realtime/RealtimeBus.js';
import type {
  RealtimeClientToServerEvents,
  RealtimeServerToClientEvents,
} from '../../src/realtime/socketEvents.js';

const TEST_REALTIME_SECRET = new TextEncoder().encode('realtime-test-secret-realtime-test!');

export type TestClientSocket = ClientSocket<RealtimeServerToClientEvents, RealtimeClientToServerEvents>;

/**
 * A real HTTP server on an ephemeral port (a Hono app behind `@hono/node-server`, as in
 * production) with the realtime gateway attached.
 */
export async function startTestGateway(
  params: { db: Db; bus: RealtimeBus } & Partial<Omit<AttachRealtimeOptions, 'server' | 'db' | 'bus'>>,
) {
  const app = new Hono();
  app.get('/hello', (c) => c.text('hello'));
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }) as HttpServer;
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const gateway = await attachRealtime({
    jwtSecret: TEST_REALTIME_SECRET,
    webOrigin: 'http://localhost:3000',
    logger: createLogger('silent'),
    ...params,
    server,
  });
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    server,
    gateway,
    async close() {
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A fresh wallet's user row and a valid access token for it. */
export async function createTestUser(db: Db, options: { now?: Date } = {}) {
  const account = privateKeyToAccount(generatePrivateKey());
  const user = await upsertUser(db, account.address);
  const { token } = await signAccessToken(
    TEST_REALTIME_SECRET,
    { userId: user.id, walletAddress: account.address },
    options.now,
  );
  return {
    id: user.id,
    walletAddress: user.walletAddress as `0x${string}`,
    checksumAddress: account.address,
    token,
  };
}

/** A task row owned by `userId`. */
export async function createTestTask(db: Db, userId: string, status: InferenceTaskStatus = 'running') {
  const taskId = `task_${randomUUID()}`;
  await db.insert(inferenceTasks).values({ taskId, userId, modelName: 'far-demo', status });
  return taskId;
}

/** A GPU node row owned by `ownerAddress`. */
export async function createTestNode(db: Db, ownerAddress: string) {
  const nodeId = `node_${randomUUID()}`;
  await db.insert(gpuNodes).values({ nodeId, ownerAddress: ownerAddress.toLowerCase(), status: 'online' });
  return nodeId;
}

/** Opens a socket.io client over WebSocket, with reconnection off so a refusal stays a refusal. */
export function connectTestSocket(url: string, token: string | undefined): TestClientSocket {
  return connectSocket(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(token === undefined ? {} : { auth: { token } }),
  });
}

/** Resolves once the client is connected, rejects with the server's refusal. */
export function connected(socket: TestClientSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

/** Resolves with the refusal a client gets (`message` and `data.code`); rejects if it connects. */
export function refused(socket: TestClientSocket): Promise<Error & { data?: { code?: string } }> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('socket connected but should have been refused')));
    socket.once('connect_error', resolve);
  });
}

/** Collects every payload of one event, and resolves a wait once `predicate` matches one. */
export function collect<T>(socket: ClientSocket, event: string) {
  const seen: T[] = [];
  const waiters: Array<{ predicate: (value: T) => boolean; resolve: (value: T) => void }> = [];
  socket.on(event, (value: T) => {
    seen.push(value);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(value)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(value);
      }
    }
  });
  return {
    seen,
    until(predicate: (value: T) => boolean): Promise<T> {
      const found = seen.find(predicate);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
  };
}
