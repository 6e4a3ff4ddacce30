'use client';

import { useWeb3 } from '@/hooks/useWeb3';
import { farToUsd } from '@/lib/format/farToUsd';
import { formatFar } from '@/lib/format/formatFar';
import { formatUsd } from '@/lib/format/formatUsd';

/** A FAR price with its dollar value at the chain's FAR/USD feed (when it is known). */
export function FarPrice({ wei, className = '' }: { wei: bigint; className?: string }) {
  const { farUsdPrice } = useWeb3();
  return (
    <span className={className}>
      {wei === 0n ? 'Free' : `${formatFar(wei, 2)} FAR`}
      {farUsdPrice && wei > 0n ? (
        <span className="ml-1 text-sm text-muted">≈ {formatUsd(farToUsd(wei, farUsdPrice))}</span>
      ) : null}
    </span>
  );
}
