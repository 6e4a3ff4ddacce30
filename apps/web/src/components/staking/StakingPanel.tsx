'use client';

import { useId, useState } from 'react';
import { useFarActions } from '@/hooks/useFarActions';
import { useFarPositions } from '@/hooks/useFarPositions';
import { useNetworkRevenue } from '@/hooks/useNetworkRevenue';
import { useWeb3 } from '@/hooks/useWeb3';
import { lockTiers } from '@/lib/staking/lockTiers';
import { describeError } from '@/lib/web3/describeError';
import { StakingCalculator } from '../charts/StakingCalculator';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { AmountForm } from '../web3/AmountForm';
import { StakePositions } from './StakePositions';
import { StakingStats } from './StakingStats';

/** Stake with a lock tier, unstake, claim; APY and pool share from the staking contract. */
export function StakingPanel() {
  const tierFieldId = useId();
  const { isConnected, isWrongNetwork } = useWeb3();
  const positions = useFarPositions();
  // The pool as the API reads it from chain: what the page shows before a wallet is connected.
  const pool = useNetworkRevenue(30).data?.staking ?? undefined;
  const baseApyBps = positions.baseApyBps ?? (pool ? BigInt(pool.rewardRateBps) : undefined);
  const totalStakedWei = positions.totalStakedWei ?? pool?.totalStakedWei;
  const actions = useFarActions();
  const [tierId, setTierId] = useState(0);
  const [claimNote, setClaimNote] = useState<string | null>(null);
  const disabled = !isConnected || isWrongNetwork;
  return (
    <div className="flex flex-col gap-6">
      {positions.query.isError ? (
        <p
          role="alert"
          className="rounded-xl border border-red-900/60 bg-danger-surface p-4 text-sm text-red-200"
        >
          Staking contract unavailable: {describeError(positions.query.error)}
        </p>
      ) : null}
      <StakingStats
        baseApyBps={baseApyBps}
        stakedWei={positions.stakedWei}
        totalStakedWei={totalStakedWei}
        earnedWei={positions.earnedWei}
        busy={positions.query.isPending}
      />
      <Card aria-labelledby="stake-heading" className="flex flex-col gap-6">
        <h2 id="stake-heading" className="text-xl font-semibold">
          Stake, unstake, claim
        </h2>
        <div className="grid gap-6 md:grid-cols-2">
          <AmountForm
            label="Stake FAR"
            submitLabel="Stake"
            testId="stake-form"
            busy={actions.busy === 'Stake'}
            disabled={disabled}
            onSubmit={(amount) => actions.stake(amount, tierId)}
          >
            <label htmlFor={tierFieldId} className="sr-only">
              Lock tier
            </label>
            <select
              id={tierFieldId}
              value={tierId}
              onChange={(event) => setTierId(Number(event.target.value))}
              className="rounded-lg border border-line bg-surface-raised px-3 py-2 text-white focus:border-brand focus:outline-none"
            >
              {lockTiers.map((tier) => (
                <option key={tier.id} value={tier.id}>
                  {tier.label} ({(tier.multiplierBps / 10_000).toFixed(2)}×)
                </option>
              ))}
            </select>
          </AmountForm>
          <StakePositions
            positions={positions.positions}
            busy={actions.busy === 'Unstake'}
            disabled={disabled}
            onUnstake={actions.unstake}
          />
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <Button
            variant="secondary"
            disabled={disabled || actions.busy !== null || !positions.earnedWei}
            onClick={async () => {
              const outcome = await actions.claim();
              setClaimNote(
                outcome.kind === 'sent'
                  ? 'Claim sent.'
                  : outcome.kind === 'cancelled'
                    ? 'Cancelled in the wallet.'
                    : outcome.message,
              );
            }}
          >
            {actions.busy === 'Claim rewards' ? 'Confirm in wallet…' : 'Claim rewards'}
          </Button>
          {claimNote ? (
            <span role="status" className="text-sm text-muted">
              {claimNote}
            </span>
          ) : null}
        </div>
      </Card>
      <StakingCalculator baseApyBps={baseApyBps} totalStakedWei={totalStakedWei ?? 0n} />
    </div>
  );
}
