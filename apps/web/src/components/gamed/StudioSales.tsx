'use client';

import { formatFar } from '@/lib/format/formatFar';
import { shortAddress } from '@/lib/format/shortAddress';
import type { LedgerSale, StudioGame, StudioLedger } from '@/lib/gamed/gamedEndpoints';
import { Card } from '../ui/Card';

const statusLabel: Record<LedgerSale['status'], string> = {
  held: 'Held (refundable)',
  refunded: 'Refunded',
  settled: 'Settled',
};

/**
 * The studio's newest sales (refunds shown by their status), resale royalties and withdrawals, as
 * the API's chain mirror holds them. Tables scroll sideways on a phone.
 */
export function StudioSales({ games, ledger }: { games: readonly StudioGame[]; ledger: StudioLedger }) {
  const titleOf = new Map(games.map((game) => [game.chainGameId, game.title]));
  const gameName = (gameId: bigint) => titleOf.get(gameId) ?? `game #${gameId}`;
  return (
    <Card data-testid="studio-sales" className="flex flex-col gap-4">
      <h2 className="text-xl font-semibold text-white">Sales and refunds</h2>
      {ledger.sales.length === 0 ? <p className="text-sm text-muted">No sales yet.</p> : null}
      {ledger.sales.length > 0 ? (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-muted">
              <tr>
                <th className="py-1 pr-3 font-normal">When</th>
                <th className="py-1 pr-3 font-normal">Game</th>
                <th className="py-1 pr-3 font-normal">Buyer</th>
                <th className="py-1 pr-3 font-normal">Price (FAR)</th>
                <th className="py-1 font-normal">Status</th>
              </tr>
            </thead>
            <tbody>
              {ledger.sales.map((sale) => (
                <tr key={sale.purchaseId.toString()} data-testid="studio-sale" data-status={sale.status}>
                  <td className="py-1 pr-3 whitespace-nowrap">{sale.purchasedAt.toLocaleString()}</td>
                  <td className="py-1 pr-3">{gameName(sale.gameId)}</td>
                  <td className="py-1 pr-3 font-mono">{shortAddress(sale.buyer)}</td>
                  <td className="py-1 pr-3">{formatFar(sale.priceWei, 4)}</td>
                  <td className="py-1">{statusLabel[sale.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {ledger.royalties.length > 0 ? (
        <ul className="flex flex-col gap-1 text-sm text-muted" aria-label="Resale royalties">
          {ledger.royalties.map((row) => (
            <li key={row.listingId}>
              Resale · {gameName(row.gameId)} · {formatFar(row.priceWei, 4)} FAR · royalty{' '}
              {formatFar(row.royaltyWei, 4)} FAR
            </li>
          ))}
        </ul>
      ) : null}
      {ledger.withdrawals.length > 0 ? (
        <ul className="flex flex-col gap-1 text-sm text-muted" aria-label="Withdrawals">
          {ledger.withdrawals.map((row) => (
            <li key={row.transactionHash}>
              Withdrawn {formatFar(row.amountWei, 4)} FAR · {row.withdrawnAt.toLocaleString()}
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}
