import { createTestDb } from '@far/db';
import { createInProcessBus } from '../../src/bus/createInProcessBus.js';
import { connected, connectTestSocket, startTestGateway, type TestClientSocket } from './realtimeFixtures.js';

export type RealtimeTestbed = Awaited<ReturnType<typeof startRealtimeTestbed>>;

/**
 * A fresh test database, an in-process bus and a realtime gateway on an ephemeral port, as the
 * realtime test files share them; `close` disconnects every socket opened through it.
 * @returns the parts, `open` and `signedIn` to connect sockets, and `close`.
 */
export async function startRealtimeTestbed() {
  const database = await createTestDb();
  const db = database.db;
  const bus = createInProcessBus();
  const gateway = await startTestGateway({ db, bus });
  /** Sockets to disconnect on close; a test that connects its own pushes it here too. */
  const sockets: TestClientSocket[] = [];
  const open = (token: string | undefined) => {
    const socket = connectTestSocket(gateway.url, token);
    sockets.push(socket);
    return socket;
  };
  return {
    db,
    bus,
    gateway,
    sockets,
    open,
    /** A socket signed in as `user`, once connected. */
    async signedIn(user: { token: string }) {
      const socket = open(user.token);
      await connected(socket);
      return socket;
    },
    async close() {
      for (const socket of sockets) socket.disconnect();
      await gateway.close();
      await bus.close();
      await database.close();
    },
  };
}
