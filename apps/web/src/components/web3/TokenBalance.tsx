'use client';

import { useMe } from '@/hooks/useAccountData';
import { useFarPositions } from '@/hooks/useFarPositions';
import { useWeb3 } from '@/hooks/useWeb3';
import { farToUsd } from '@/lib/format/farToUsd';
import { formatFar } from '@/lib/format/formatFar';
import { formatUsd } from '@/lib/format/formatUsd';
import { describeError } from '@/lib/web3/describeError';
import { Stat } from '../ui/Stat';

function show(wei: bigint | undefined, price: string | null): { value: string; hint?: string } {
  if (wei === undefined) return { value: '—' };
  return price === null
    ? { value: `${formatFar(wei)} FAR` }
    : { value: `${formatFar(wei)} FAR`, hint: formatUsd(farToUsd(wei, price)) };
}

/**
 * The four balances a user cares about: FAR in the wallet (chain), deposited for inference (the
 * API's ledger, which the indexer updates), staked and earned (chain).
 */
export function TokenBalance() {
  const { farUsdPrice } = useWeb3();
  const positions = useFarPositions();
  const me = useMe();
  const wallet = show(positions.walletWei, farUsdPrice);
  const deposited = show(me.data?.balances.available, farUsdPrice);
  const staked = show(positions.stakedWei, farUsdPrice);
  const earned = show(positions.earnedWei, farUsdPrice);
  return (
    <div>
      <div
        className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4"
        aria-busy={me.isPending || positions.query.isPending}
      >
        <Stat label="Wallet" testId="balance-wallet" {...wallet} />
        <Stat
          label="Deposited (available)"
          testId="balance-deposited"
          value={deposited.value}
          hint={
            me.data && me.data.balances.reserved > 0n
              ? `${formatFar(me.data.balances.reserved)} FAR reserved by running tasks`
              : (deposited.hint ?? 'Spendable on inference')
          }
        />
        <Stat label="Staked" testId="balance-staked" {...staked} />
        <Stat label="Earned (unclaimed)" testId="balance-earned" {...earned} />
      </div>
      {me.isError ? (
        <p role="alert" className="mt-2 text-sm text-red-300">
          Ledger balance unavailable: {describeError(me.error)}
        </p>
      ) : null}
      {positions.query.isError ? (
        <p role="alert" className="mt-2 text-sm text-red-300">
          Chain balances unavailable: {describeError(positions.query.error)}
        </p>
      ) : null}
    </div>
  );
}
