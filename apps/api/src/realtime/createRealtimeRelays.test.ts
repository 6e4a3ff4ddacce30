import { describe, expect, it } from 'vitest';
import { createRealtimeRelays, type RealtimeRelayOptions } from './createRealtimeRelays.js';

const owner = '0x00000000000000000000000000000000000000AA';
const userId = '11111111-1111-4111-8111-111111111111';

function setup(overrides: Partial<RealtimeRelayOptions> = {}) {
  const emitted: Array<{ room: string; event: string; payload: unknown }> = [];
  const delivered: unknown[] = [];
  const relays = new Map(
    createRealtimeRelays({
      target: () => ({
        to: (room) => ({
          emit: (event, ...args) => emitted.push({ room, event, payload: args[0] }),
        }),
      }),
      emitsStayLocal: true,
      watchedHere: () => true,
      inferenceStream: { deliver: (update) => delivered.push(update) },
      ...overrides,
    }),
  );
  const relay = (channel: string, message: unknown) => relays.get(channel)?.(message);
  return { relay, emitted, delivered, channels: [...relays.keys()] };
}

describe('createRealtimeRelays', () => {
  it('relays each bus channel', () => {
    expect(setup().channels).toEqual([
      'inference:updates',
      'node:metrics',
      'nodes:events',
      'revenue:updates',
      'fartwin:indexing',
      'gamed:chain',
    ]);
  });

  it("sends a game's sale to its studio's revenue room, wei and time as strings", () => {
    const { relay, emitted } = setup();
    const at = '2026-01-01T00:00:00.000Z';
    relay('gamed:chain', {
      contractAddress: owner,
      gameId: '7',
      event: 'LicensePurchased',
      studio: owner,
      wallet: '0x00000000000000000000000000000000000000bb',
      amountWei: '12500000000000000000',
      at,
    });
    expect(emitted).toEqual([
      {
        room: `revenue:${owner.toLowerCase()}`,
        event: 'gamed:notice',
        payload: expect.objectContaining({ gameId: '7', amountWei: '12500000000000000000', at }),
      },
    ]);
  });

  it("sends a twin document's indexing progress to its owner's user room only", () => {
    const { relay, emitted } = setup();
    const twinId = '22222222-2222-4222-8222-222222222222';
    const documentId = '33333333-3333-4333-8333-333333333333';
    const at = '2026-01-01T00:00:00.000Z';
    relay('fartwin:indexing', {
      twinId,
      documentId,
      ownerUserId: userId,
      status: 'ready',
      chunksIndexed: 3,
      chunksTotal: 3,
      at,
    });
    expect(emitted).toEqual([
      {
        room: `user:${userId}`,
        event: 'fartwin:indexing',
        payload: {
          twinId,
          documentId,
          ownerUserId: userId,
          status: 'ready',
          chunksIndexed: 3,
          chunksTotal: 3,
          at,
        },
      },
    ]);
  });

  it("sends a task's chunk to its room and to the plain stream", () => {
    const { relay, emitted, delivered } = setup();
    relay('inference:updates', { taskId: 't1', userId, seq: 0, text: 'hi' });
    expect(emitted).toEqual([
      { room: 'task:t1', event: 'inference:token', payload: expect.objectContaining({ seq: 0, text: 'hi' }) },
    ]);
    expect(delivered).toHaveLength(1);
  });

  it('skips, without parsing, a task nobody on this replica watches when emits stay local', () => {
    const local = setup({ watchedHere: () => false });
    local.relay('inference:updates', { taskId: 't1', malformed: true });
    expect(local.emitted).toEqual([]);
    const shared = setup({ watchedHere: () => false, emitsStayLocal: false });
    expect(() =>
      shared.relay('inference:updates', { taskId: 't1', userId, seq: 0, text: 'x' }),
    ).not.toThrow();
    expect(shared.emitted).toHaveLength(1);
  });

  it("turns a node lifecycle event into the node room's status", () => {
    const { relay, emitted } = setup();
    relay('nodes:events', { type: 'node.draining', nodeId: 'n1', owner, at: '2026-01-01T00:00:00.000Z' });
    expect(emitted).toEqual([
      {
        room: 'node:n1',
        event: 'node:status',
        payload: { nodeId: 'n1', status: 'draining', at: '2026-01-01T00:00:00.000Z' },
      },
    ]);
  });

  it("sends a revenue update to the wallet's room, lowercase", () => {
    const { relay, emitted } = setup();
    relay('revenue:updates', {
      walletAddress: owner,
      streamType: 'deposit',
      amountFarWei: '5',
      at: '2026-01-01T00:00:00.000Z',
    });
    expect(emitted[0]).toMatchObject({ room: `revenue:${owner.toLowerCase()}`, event: 'revenue:update' });
  });

  it('throws on a malformed message, for the caller to drop', () => {
    const { relay } = setup();
    expect(() => relay('node:metrics', { nodeId: 'n1' })).toThrow();
  });
});
