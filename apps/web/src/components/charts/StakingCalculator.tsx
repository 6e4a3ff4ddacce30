'use client';

import Link from 'next/link';
import { useId, useState } from 'react';
import { parseFarInput } from '@/lib/format/parseFarInput';
import { lockTiers } from '@/lib/staking/lockTiers';
import { projectStakingRewards } from '@/lib/staking/projectStakingRewards';
import { LockTierField } from '../staking/LockTierField';
import { Card } from '../ui/Card';
import { fieldClass } from '../ui/fieldClass';
import { StakingRewardsEstimate } from './StakingRewardsEstimate';

/**
 * What-if base rewards: amount, lock tier and days at the contract's current base APY, in exact
 * integer wei like the contract computes them. The revenue share, which depends on what the
 * services earn, is forecast on the revenue page.
 */
export function StakingCalculator({
  baseApyBps,
  totalStakedWei,
}: {
  /** Undefined until the contract has been read: the calculator claims no rate it does not know. */
  baseApyBps: bigint | undefined;
  totalStakedWei: bigint;
}) {
  const ids = { amount: useId(), tier: useId(), days: useId() };
  const [amount, setAmount] = useState('10000');
  const [tierId, setTierId] = useState(2);
  const [days, setDays] = useState(365);
  const parsed = parseFarInput(amount);
  const tier = lockTiers.find((candidate) => candidate.id === tierId) ?? lockTiers[0];
  const projection =
    parsed.ok && tier && baseApyBps !== undefined
      ? projectStakingRewards(parsed.wei, tier, baseApyBps, days, totalStakedWei)
      : null;
  return (
    <Card aria-labelledby="staking-calculator">
      <h2 id="staking-calculator" className="mb-4 text-xl font-semibold">
        Staking calculator
      </h2>
      <div className="mb-4 grid gap-4 md:grid-cols-3">
        <div>
          <label htmlFor={ids.amount} className="mb-1 block text-sm text-muted">
            Amount ($FAR)
          </label>
          <input
            id={ids.amount}
            inputMode="decimal"
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
            className={fieldClass}
          />
        </div>
        <LockTierField id={ids.tier} tierId={tierId} onChange={setTierId} />
        <div>
          <label htmlFor={ids.days} className="mb-1 block text-sm text-muted">
            Period: {days} days
          </label>
          <input
            id={ids.days}
            type="range"
            min={1}
            max={1095}
            value={days}
            onChange={(event) => setDays(Number(event.target.value))}
            className="w-full accent-brand"
          />
        </div>
      </div>
      <StakingRewardsEstimate projection={projection} days={days} amountValid={parsed.ok} />
      <p className="mt-4 text-sm text-muted">
        Stakers also share the revenue of every service registered with FARStaking, by lock-weighted stake:
        see what it has been and forecast it on the{' '}
        <Link href="/revenue" className="text-brand-soft underline">
          revenue page
        </Link>
        .
      </p>
    </Card>
  );
}
