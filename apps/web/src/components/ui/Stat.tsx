/** A labelled figure. */
export function Stat({
  label,
  value,
  hint,
  testId,
}: {
  label: string;
  value: string;
  hint?: string | undefined;
  testId?: string | undefined;
}) {
  return (
    <div className="rounded-xl bg-[#262626] p-4">
      <p className="text-sm text-[#A3A3A3]">{label}</p>
      <p className="mt-1 text-2xl font-bold break-all text-white" data-testid={testId}>
        {value}
      </p>
      {hint ? <p className="mt-1 text-xs text-[#A3A3A3]">{hint}</p> : null}
    </div>
  );
}
