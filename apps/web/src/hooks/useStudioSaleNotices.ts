'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { useWebSocket } from './useWebSocket';

// The `gamed:notice` payload as it arrives over socket.io (wei and dates as strings).
const NoticeSchema = z.object({
  gameId: z.string().regex(/^\d+$/),
  event: z.string(),
  wallet: z.string().optional(),
  amountWei: z.string().regex(/^\d+$/).optional(),
  at: z.string(),
});

export type SaleNotice = {
  gameId: bigint;
  event: string;
  wallet: string | null;
  amountWei: bigint | null;
  at: Date;
};

/**
 * The studio's live sale notices: the API relays GameLicenses' sales, refunds and resales of the
 * studio's games (`gamed:notice`, in its `revenue:` room) as soon as the chain follower applies
 * them; each one refreshes the dashboard's figures.
 * @returns the latest notices, newest first (at most ten), and the socket's status
 */
export function useStudioSaleNotices() {
  const queryClient = useQueryClient();
  const [notices, setNotices] = useState<SaleNotice[]>([]);
  const status = useWebSocket({ event: 'subscribe:revenue' }, 'gamed:notice', (payload) => {
    const parsed = NoticeSchema.safeParse(payload);
    if (!parsed.success) return;
    const notice = parsed.data;
    setNotices((previous) =>
      [
        {
          gameId: BigInt(notice.gameId),
          event: notice.event,
          wallet: notice.wallet ?? null,
          amountWei: notice.amountWei === undefined ? null : BigInt(notice.amountWei),
          at: new Date(notice.at),
        },
        ...previous,
      ].slice(0, 10),
    );
    void queryClient.invalidateQueries({ queryKey: ['gamed', 'studio'] });
  });
  return { notices, status };
}
