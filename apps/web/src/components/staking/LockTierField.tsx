import { lockTiers } from '@/lib/staking/lockTiers';
import { fieldClass } from '../ui/fieldClass';

/** A labelled lock-tier choice for the calculators: each tier with its lock and reward multiplier. */
export function LockTierField({
  id,
  tierId,
  onChange,
}: {
  id: string;
  tierId: number;
  onChange: (tierId: number) => void;
}) {
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm text-muted">
        Lock tier
      </label>
      <select
        id={id}
        value={tierId}
        onChange={(event) => onChange(Number(event.target.value))}
        className={fieldClass}
      >
        {lockTiers.map((candidate) => (
          <option key={candidate.id} value={candidate.id}>
            {candidate.label} — {(candidate.multiplierBps / 10_000).toFixed(2)}×
          </option>
        ))}
      </select>
    </div>
  );
}
