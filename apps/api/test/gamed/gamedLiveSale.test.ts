import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAccessToken } from '../../src/auth/accessToken.js';
import { upsertUser } from '../../src/auth/upsertUser.js';
import { createInProcessBus } from '../../src/bus/createInProcessBus.js';
import { TEST_JWT_SECRET } from '../support/createTestApp.js';
import {
  collect,
  connected,
  connectTestSocket,
  startTestGateway,
  type TestClientSocket,
} from '../support/realtimeFixtures.js';
import { type GamedTestbed, startGamedTestbed } from './startGamedTestbed.js';

type Notice = { gameId: string; event: string; wallet?: string; amountWei?: string; studio?: string };

const price = parseEther('7');
const bus = createInProcessBus();
let bed: GamedTestbed;
let gateway: Awaited<ReturnType<typeof startTestGateway>>;
const sockets: TestClientSocket[] = [];

beforeAll(async () => {
  bed = await startGamedTestbed({ bus });
  gateway = await startTestGateway({ db: bed.db, bus, jwtSecret: TEST_JWT_SECRET });
}, 120_000);
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await gateway?.close();
  await bed?.close();
});

/** A socket signed in as `wallet`, in its revenue room (what the studio dashboard opens). */
async function revenueSocketOf(wallet: `0x${string}`) {
  const user = await upsertUser(bed.db, wallet);
  const { token } = await signAccessToken(TEST_JWT_SECRET, { userId: user.id, walletAddress: wallet });
  const socket = connectTestSocket(gateway.url, token);
  sockets.push(socket);
  await connected(socket);
  await socket.emitWithAck('subscribe:revenue');
  return socket;
}

describe('Far GameD live sales', () => {
  it("rings the studio's dashboard with a sale and a refund as the follower applies them, and no one else's", async () => {
    const studio = collect<Notice>(await revenueSocketOf(bed.studio), 'gamed:notice');
    const player = collect<Notice>(await revenueSocketOf(bed.bob), 'gamed:notice');
    const gameId = await bed.registerGame(price);

    const purchaseId = await bed.buy(bed.alice, gameId, price);
    const sale = await studio.until((notice) => notice.event === 'LicensePurchased');
    expect(sale).toMatchObject({
      gameId: gameId.toString(),
      wallet: bed.alice.toLowerCase(),
      amountWei: price.toString(),
    });

    await bed.refund(bed.alice, purchaseId);
    const refund = await studio.until((notice) => notice.event === 'LicenseRefunded');
    expect(refund).toMatchObject({ gameId: gameId.toString(), amountWei: price.toString() });
    expect(player.seen).toEqual([]);
  });
});
