'use client';

import { useStudioSaleNotices } from '@/hooks/useStudioSaleNotices';
import { formatFar } from '@/lib/format/formatFar';
import { shortAddress } from '@/lib/format/shortAddress';
import { Card } from '../ui/Card';

const labels: Record<string, string> = {
  LicensePurchased: 'Sale',
  LicenseRefunded: 'Refund',
  ListingSold: 'Resale',
  PurchaseSettled: 'Settled',
};

/** Sales, refunds and resales of the studio's games as they happen. */
export function SaleNotices() {
  const { notices, status } = useStudioSaleNotices();
  return (
    <Card aria-live="polite" className="flex flex-col gap-2">
      <h2 className="font-semibold text-white">
        Live sales <span className="text-xs font-normal text-muted">({status})</span>
      </h2>
      {notices.length === 0 ? (
        <p className="text-sm text-muted">Sales appear here the moment they are mined.</p>
      ) : null}
      <ul className="flex flex-col gap-1 text-sm">
        {notices.map((notice) => (
          <li key={`${notice.at.getTime()}-${notice.gameId}-${notice.event}`} data-testid="sale-notice">
            {labels[notice.event] ?? notice.event} · game #{notice.gameId.toString()}
            {notice.amountWei !== null ? ` · ${formatFar(notice.amountWei, 2)} FAR` : ''}
            {notice.wallet ? ` · ${shortAddress(notice.wallet)}` : ''}
          </li>
        ))}
      </ul>
    </Card>
  );
}
