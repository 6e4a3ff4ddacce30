import { formatFar } from '@/lib/format/formatFar';

/** How much of the goal is raised: a bar and the amounts, readable by screen readers. */
export function FundingProgress({ raisedWei, goalWei }: { raisedWei: bigint; goalWei: bigint }) {
  const percent = goalWei === 0n ? 0 : Number((raisedWei * 100n) / goalWei);
  return (
    <div className="flex flex-col gap-1" data-testid="funding-progress">
      <div
        role="progressbar"
        aria-label="Funding progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        className="h-2 w-full overflow-hidden rounded-full bg-surface-raised"
      >
        <div className="h-full rounded-full bg-success" style={{ width: `${Math.min(100, percent)}%` }} />
      </div>
      <p className="text-sm text-muted">
        <span className="font-semibold text-soft" data-testid="raised">
          {formatFar(raisedWei, 2)} FAR
        </span>{' '}
        of {formatFar(goalWei, 2)} FAR ({percent}%)
      </p>
    </div>
  );
}
