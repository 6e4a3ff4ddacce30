import { formatFar } from '@/lib/format/formatFar';
import { Stat } from '../ui/Stat';

/**
 * The staking figures at a glance: FARStaking's base APY, the wallet's stake, its share of the
 * pool and its unclaimed rewards ('—' for whatever is not read yet).
 */
export function StakingStats({
  baseApyBps,
  stakedWei,
  totalStakedWei,
  earnedWei,
  busy,
}: {
  baseApyBps: bigint | undefined;
  stakedWei: bigint | undefined;
  totalStakedWei: bigint | undefined;
  earnedWei: bigint | undefined;
  busy: boolean;
}) {
  const share =
    stakedWei !== undefined && totalStakedWei
      ? `${(Number((stakedWei * 1_000_000n) / totalStakedWei) / 10_000).toFixed(2)}%`
      : '—';
  return (
    <div className="grid grid-cols-2 gap-4 lg:grid-cols-4" aria-busy={busy}>
      <Stat
        label="Base APY"
        value={baseApyBps === undefined ? '—' : `${(Number(baseApyBps) / 100).toFixed(2)}%`}
        hint="From FARStaking's reserve, while it lasts; the revenue share comes on top."
      />
      <Stat
        label="You stake"
        testId="staked-amount"
        value={stakedWei === undefined ? '—' : `${formatFar(stakedWei)} FAR`}
      />
      <Stat label="Your share" value={share} />
      <Stat
        label="Unclaimed"
        testId="unclaimed-rewards"
        value={earnedWei === undefined ? '—' : `${formatFar(earnedWei)} FAR`}
      />
    </div>
  );
}
