'use client';

import { useSettleAndWithdraw, useStudioPayout } from '@/hooks/useStudioPayout';
import { formatFar } from '@/lib/format/formatFar';
import type { StudioGame } from '@/lib/gamed/gamedEndpoints';
import { describeError } from '@/lib/web3/describeError';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { Stat } from '../ui/Stat';
import { OutcomeNote } from './OutcomeNote';

/**
 * The studio's payout: what it can withdraw now, the sales past their refund window still to be
 * settled (with the studio's share still held by the contract), and one action that settles them
 * and withdraws the balance to the studio's wallet.
 */
export function StudioPayout({ games }: { games: readonly StudioGame[] }) {
  const payout = useStudioPayout(games.map((game) => game.chainGameId));
  const { settleAndWithdraw, busy, outcome } = useSettleAndWithdraw();
  const titleOf = new Map(games.map((game) => [game.chainGameId, game.title]));
  const due = payout.data?.due ?? [];
  const dueWei = due.reduce((sum, purchase) => sum + purchase.priceWei, 0n);
  const balanceWei = payout.data?.balanceWei ?? 0n;
  return (
    <Card data-testid="studio-payout" className="flex flex-col gap-4">
      <h2 className="text-xl font-semibold text-white">Payout</h2>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3">
        <Stat label="Withdrawable (FAR)" value={formatFar(balanceWei, 4)} />
        <Stat label="Sales to settle" value={String(due.length)} />
        <Stat label="Their price (FAR, before fees)" value={formatFar(dueWei, 4)} />
      </div>
      {due.length > 0 ? (
        <ul className="flex flex-col gap-1 text-sm text-muted" aria-label="Sales past their refund window">
          {due.map((purchase) => (
            <li key={purchase.purchaseId.toString()} data-testid="due-purchase">
              Purchase #{purchase.purchaseId.toString()} ·{' '}
              {titleOf.get(purchase.gameId) ?? `game #${purchase.gameId}`} · {formatFar(purchase.priceWei, 4)}{' '}
              FAR
            </li>
          ))}
        </ul>
      ) : null}
      {payout.isError ? (
        <p role="alert" className="text-sm text-red-300">
          {describeError(payout.error)}
        </p>
      ) : null}
      <div>
        <Button
          disabled={busy !== null || (due.length === 0 && balanceWei === 0n)}
          onClick={() => void settleAndWithdraw(due.map((purchase) => purchase.purchaseId))}
        >
          {busy ? 'Confirm in wallet…' : 'Settle and withdraw'}
        </Button>
      </div>
      <OutcomeNote outcome={outcome} />
    </Card>
  );
}
