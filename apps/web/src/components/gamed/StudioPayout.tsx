'use client';

import { useSettleAndWithdraw } from '@/hooks/useSettleAndWithdraw';
import { formatFar } from '@/lib/format/formatFar';
import type { StudioGame, StudioLedger } from '@/lib/gamed/gamedEndpoints';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { Stat } from '../ui/Stat';
import { OutcomeNote } from './OutcomeNote';

/**
 * The studio's payout, from the API's chain mirror: what it can withdraw now, the sales past their
 * refund window (on the chain's clock) still to be settled, and one action that settles them and
 * withdraws the balance to the studio's wallet.
 */
export function StudioPayout({ games, ledger }: { games: readonly StudioGame[]; ledger: StudioLedger }) {
  const { settleAndWithdraw, busy, outcome } = useSettleAndWithdraw();
  const titleOf = new Map(games.map((game) => [game.chainGameId, game.title]));
  const { due, balanceWei } = ledger;
  const dueWei = due.reduce((sum, purchase) => sum + purchase.priceWei, 0n);
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
