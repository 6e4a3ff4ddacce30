import type { ActionOutcome } from '@/hooks/useTrackedAction';

/** What became of the last wallet action, said in a status line. */
export function OutcomeNote({ outcome }: { outcome: ActionOutcome | null }) {
  if (!outcome) return null;
  const text =
    outcome.kind === 'sent'
      ? 'Transaction sent; it shows here once mined.'
      : outcome.kind === 'cancelled'
        ? 'Cancelled in the wallet.'
        : outcome.message;
  return (
    <p role="status" className="text-sm text-muted">
      {text}
    </p>
  );
}
