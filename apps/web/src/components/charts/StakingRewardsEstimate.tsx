import { formatFar } from '@/lib/format/formatFar';
import type { StakingProjection } from '@/lib/staking/projectStakingRewards';
import { Stat } from '../ui/Stat';

/**
 * The staking calculator's answer: the tier's base APY, the base rewards over the period and the
 * pool share, or why there is none yet (the base rate unread, or no valid amount).
 */
export function StakingRewardsEstimate({
  projection,
  days,
  amountValid,
}: {
  projection: StakingProjection | null;
  days: number;
  amountValid: boolean;
}) {
  if (projection) {
    return (
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        <Stat
          label="Base APY with this tier"
          value={`${(Number(projection.effectiveApyBps) / 100).toFixed(2)}%`}
        />
        <Stat
          label={`Base rewards over ${days} days`}
          value={`${formatFar(projection.rewardsWei)} FAR`}
          hint="While FARStaking's reserve lasts."
        />
        <Stat label="Your pool share" value={`${(Number(projection.poolShareBps) / 100).toFixed(2)}%`} />
      </div>
    );
  }
  if (amountValid) {
    return (
      <p role="status" className="text-sm text-muted">
        FARStaking's base rate has not been read yet.
      </p>
    );
  }
  return (
    <p role="alert" className="text-sm text-red-300">
      Enter an amount greater than zero.
    </p>
  );
}
