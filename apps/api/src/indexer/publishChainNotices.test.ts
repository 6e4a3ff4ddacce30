import { describe, expect, it, vi } from 'vitest';
import { revenueNotice } from './ChainNotice.js';
import { publishChainNotices } from './publishChainNotices.js';

const at = new Date('2026-01-01T00:00:00Z');

describe('publishChainNotices', () => {
  it('publishes every notice in order, logging one that fails and going on', async () => {
    const published: unknown[] = [];
    let calls = 0;
    const bus = {
      publish: async (channel: string, message: unknown) => {
        if (++calls === 1) throw new Error('redis down');
        published.push({ channel, message });
      },
    };
    const logger = { warn: vi.fn() };
    await publishChainNotices(
      bus,
      [revenueNotice('0xA', 'deposit', 1n, at), revenueNotice('0xB', 'withdrawal', 2n, at)],
      logger as never,
    );
    expect(published).toEqual([
      {
        channel: 'revenue:updates',
        message: { walletAddress: '0xb', streamType: 'withdrawal', amountFarWei: '2', at: at.toISOString() },
      },
    ]);
    expect(logger.warn).toHaveBeenCalledOnce();
  });

  it('does nothing without a bus', async () => {
    await expect(
      publishChainNotices(undefined, [revenueNotice('0xA', 'deposit', 1n, at)], { warn: vi.fn() }),
    ).resolves.toBeUndefined();
  });
});
