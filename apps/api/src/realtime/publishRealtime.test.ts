import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { publishRealtime } from './publishRealtime.js';

function recordingBus() {
  const published: Array<{ channel: string; message: unknown }> = [];
  return {
    published,
    async publish(channel: string, message: unknown) {
      published.push({ channel, message });
    },
  };
}

describe('publishRealtime', () => {
  it('publishes the validated message in wire form', async () => {
    const bus = recordingBus();
    const at = new Date('2026-11-30T01:02:03.000Z');
    const parsed = await publishRealtime(bus, 'revenue:updates', {
      walletAddress: '0x00000000000000000000000000000000000000AA',
      streamType: 'inference_stakers',
      amountFarWei: 3n * 10n ** 18n,
      at,
    });
    expect(parsed.amountFarWei).toBe(3n * 10n ** 18n);
    expect(bus.published).toEqual([
      {
        channel: 'revenue:updates',
        message: {
          walletAddress: '0x00000000000000000000000000000000000000aa',
          streamType: 'inference_stakers',
          amountFarWei: '3000000000000000000',
          at: '2026-11-30T01:02:03.000Z',
        },
      },
    ]);
  });

  it('throws before publishing anything when the message is malformed', async () => {
    const bus = recordingBus();
    await expect(
      publishRealtime(bus, 'node:metrics', {
        nodeId: 'n',
        ownerAddress: 'not an address',
        status: 'online',
        load: 0,
        tokensPerSecond: 0,
        tasksCompleted: 0,
        earningsWei: 0n,
        at: new Date(),
      }),
    ).rejects.toBeInstanceOf(ZodError);
    expect(bus.published).toEqual([]);
  });
});
