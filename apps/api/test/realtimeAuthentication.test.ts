import type { Db } from '@far/db';
import { SignJWT } from 'jose';
import { io as connectSocketIo } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/auth/apiKeys.js';
import { rooms } from '../src/realtime/rooms.js';
import {
  collect,
  connected,
  createTestUser,
  refused,
  type TestClientSocket,
} from './support/realtimeFixtures.js';
import { type RealtimeTestbed, startRealtimeTestbed } from './support/startRealtimeTestbed.js';

// Who may open a socket.io connection, and what happens when their access token expires.

let testbed: RealtimeTestbed;
let db: Db;
let gateway: RealtimeTestbed['gateway'];
let sockets: TestClientSocket[];
beforeAll(async () => {
  testbed = await startRealtimeTestbed();
  ({ db, gateway, sockets } = testbed);
});
afterAll(async () => {
  await testbed?.close();
});

const open = (token: string | undefined) => testbed.open(token);

const signedIn = (user: { token: string }) => testbed.signedIn(user);

describe('socket.io authentication', () => {
  it('refuses a socket without a token', async () => {
    const error = await refused(open(undefined));
    expect(error.data?.code).toBe('unauthorized');
  });

  it('refuses a socket whose JWT was signed with another secret', async () => {
    const user = await createTestUser(db);
    const forged = await new SignJWT({ addr: user.walletAddress })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuer('far-labs')
      .setAudience('far-api')
      .setExpirationTime('15m')
      .sign(new TextEncoder().encode('not-the-server-secret-not-the-server'));
    const error = await refused(open(forged));
    expect(error.data?.code).toBe('invalid_token');
  });

  it('refuses an expired JWT with token_expired', async () => {
    const user = await createTestUser(db, { now: new Date(Date.now() - 60 * 60_000) });
    const error = await refused(open(user.token));
    expect(error.data?.code).toBe('token_expired');
  });

  it('refuses an API key: socket.io is for signed-in browsers', async () => {
    const user = await createTestUser(db);
    const { key } = await createApiKey(db, { userId: user.id, name: 'sdk' });
    const error = await refused(open(key));
    expect(error.data?.code).toBe('invalid_token');
  });

  it('admits a valid JWT and puts the socket in user:{id}', async () => {
    const user = await createTestUser(db);
    const socket = await signedIn(user);
    const expired = collect(socket, 'session:expired');
    gateway.gateway.broadcast(rooms.user(user.id), 'session:expired');
    await expired.until(() => true);
  });

  it('admits a JWT sent as an Authorization header (clients outside a browser)', async () => {
    const user = await createTestUser(db);
    const socket = connectSocketIo(gateway.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { authorization: `Bearer ${user.token}` },
    });
    sockets.push(socket);
    await connected(socket);
    expect(await socket.emitWithAck('subscribe:revenue')).toMatchObject({ ok: true });
  });

  it('disconnects the socket when its access token expires', async () => {
    // Issued 15 minutes minus 5 seconds ago: valid while connecting (even on a loaded machine), expired soon after.
    const user = await createTestUser(db, { now: new Date(Date.now() - 15 * 60_000 + 5_000) });
    const socket = await signedIn(user);
    const expired = collect(socket, 'session:expired');
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await expired.until(() => true);
    expect(await disconnected).toBe('io server disconnect');
  });
});
